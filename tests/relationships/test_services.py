"""Changing a map: validation, history, audit, permission and optimistic locking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from relsafe.relationships import selectors, services
from relsafe.relationships.models import (
    TRUSTED_ADULT_NOT_HARMFUL,
    TRUSTED_ADULT_NOT_OF_CONCERN,
    Connection,
    ConnectionHistory,
)
from relsafe.relationships.services import ConnectionDetails

pytestmark = pytest.mark.django_db

GHOST = ConnectionDetails(
    kind="person_of_concern", name="Unknown adult man", known_as="Ghost", quality="harmful",
    said_by="parent",
)  # fmt: skip


def _details(**overrides: Any) -> ConnectionDetails:
    values: dict[str, Any] = {
        "kind": "professional",
        "name": "Ade Bello",
        "relationship": "school mentor",
        "quality": "strong",
        "said_by": "young_person",
    }
    values.update(overrides)
    return ConnectionDetails(**values)


def test_adding_a_tie_keeps_history_and_audits_it(world: Any) -> None:
    tie = services.add_connection(
        actor=world.worker, young_person=world.young_person, details=_details()
    )
    assert tie.version == 1
    assert tie.created_by == world.worker
    history = ConnectionHistory.objects.get(connection=tie)
    assert history.change == "added"
    assert history.snapshot["name"] == "Ade Bello"
    entry = AuditEvent.objects.filter(action=AuditAction.CREATE).last()
    assert entry is not None
    assert entry.object_type == "relationships.connection"
    assert entry.family_id == world.family.pk
    assert entry.actor_id == world.worker.pk


def test_a_person_of_concern_can_never_be_the_trusted_adult(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_connection(
            actor=world.worker,
            young_person=world.young_person,
            details=ConnectionDetails(**{**GHOST.__dict__, "is_trusted_adult": True}),
        )
    assert caught.value.message_dict["is_trusted_adult"] == [TRUSTED_ADULT_NOT_OF_CONCERN]
    assert not Connection.objects.filter(known_as="Ghost").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_the_database_refuses_a_trusted_person_of_concern_too(world: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(
            young_person=world.young_person,
            kind="person_of_concern",
            name="Ghost",
            quality="weak",
            said_by="worker",
            is_trusted_adult=True,
        )


def test_a_trusted_adult_cannot_have_a_harmful_tie(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_connection(
            actor=world.worker,
            young_person=world.young_person,
            details=_details(is_trusted_adult=True, quality="harmful"),
        )
    assert caught.value.message_dict["quality"] == [TRUSTED_ADULT_NOT_HARMFUL]


def test_a_place_must_say_how_it_feels_and_a_person_cannot(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_connection(
            actor=world.worker,
            young_person=world.young_person,
            details=_details(kind="other_place", name="Shopping centre"),
        )
    assert "feeling" in caught.value.message_dict
    person = services.add_connection(
        actor=world.worker, young_person=world.young_person, details=_details(feeling="safe")
    )
    assert person.feeling == ""


def test_kind_trusted_adult_is_always_marked_trusted(world: Any) -> None:
    tie = services.add_connection(
        actor=world.worker,
        young_person=world.young_person,
        details=_details(kind="trusted_adult", name="Mrs Osei", is_trusted_adult=False),
    )
    assert tie.is_trusted_adult
    assert tie in selectors.trusted_adults_for(young_person=world.young_person)


def test_changing_a_tie_bumps_the_version_and_records_what_changed(world: Any) -> None:
    tie = world.uncle
    updated = services.update_connection(
        actor=world.worker,
        connection=tie,
        expected_version=1,
        details=ConnectionDetails(
            kind="family",
            name="Kwame Mensah",
            relationship="uncle; coaches his football team",
            quality="strong",
            said_by="young_person",
            is_trusted_adult=True,
        ),
    )
    assert updated.version == 2
    assert updated.relationship == "uncle; coaches his football team"
    row = ConnectionHistory.objects.get(connection=tie, version=2)
    assert row.change == "changed"
    assert row.changed_by == world.worker
    entry = AuditEvent.objects.filter(action=AuditAction.UPDATE).last()
    assert entry is not None
    assert entry.detail["fields"] == ["relationship"]


def test_saving_the_same_values_changes_nothing(world: Any) -> None:
    tie = world.uncle
    same = ConnectionDetails(
        kind=tie.kind, name=tie.name, relationship=tie.relationship, quality=tie.quality,
        said_by=tie.said_by, is_trusted_adult=True,
    )  # fmt: skip
    result = services.update_connection(
        actor=world.worker, connection=tie, expected_version=1, details=same
    )
    assert result.version == 1
    assert not ConnectionHistory.objects.filter(connection=tie).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_stale_version_is_a_conflict_never_a_silent_overwrite(world: Any) -> None:
    tie = world.uncle
    services.update_connection(
        actor=world.worker,
        connection=tie,
        expected_version=1,
        details=_details(kind="family", name="Kwame Mensah", quality="weak"),
    )
    with pytest.raises(EditConflict) as caught:
        services.update_connection(
            actor=world.worker,
            connection=tie,
            expected_version=1,
            details=_details(kind="family", name="Kwame Mensah", quality="stressful"),
        )
    assert caught.value.current.quality == "weak"
    assert caught.value.current.version == 2
    tie.refresh_from_db()
    assert tie.quality == "weak"


def test_ending_a_tie_takes_it_off_the_live_map_but_keeps_it_in_history(world: Any) -> None:
    ended = services.end_connection(
        actor=world.worker, connection=world.uncle, expected_version=1, reason="moved away"
    )
    assert ended.ended_at is not None
    assert ended.ended_reason == "moved away"
    assert selectors.trusted_adults_for(young_person=world.young_person) == []
    assert ConnectionHistory.objects.get(connection=ended).change == "ended"
    with pytest.raises(ValidationError):
        services.end_connection(actor=world.worker, connection=ended, expected_version=2)
    with pytest.raises(ValidationError):
        services.update_connection(
            actor=world.worker, connection=ended, expected_version=2, details=_details()
        )


def test_ending_with_a_stale_version_is_a_conflict(world: Any) -> None:
    with pytest.raises(EditConflict):
        services.end_connection(actor=world.worker, connection=world.uncle, expected_version=7)
    world.uncle.refresh_from_db()
    assert world.uncle.ended_at is None


@pytest.mark.parametrize("who", ["other_worker", "police", "parent"])
def test_only_casework_staff_with_access_may_change_the_map(world: Any, who: str) -> None:
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        services.add_connection(actor=actor, young_person=world.young_person, details=_details())
    with pytest.raises(NotAllowed):
        services.update_connection(
            actor=actor, connection=world.uncle, expected_version=1, details=_details()
        )
    with pytest.raises(NotAllowed):
        services.end_connection(actor=actor, connection=world.uncle, expected_version=1)
    assert Connection.objects.filter(young_person=world.young_person).count() == 2


def test_details_from_form_data_ignore_extra_keys_and_fill_blanks() -> None:
    details = ConnectionDetails.from_data(
        {"kind": "friend", "name": "Tyler", "quality": "weak", "said_by": "worker",
         "version": 3, "known_as": None, "is_trusted_adult": None}
    )  # fmt: skip
    assert details == ConnectionDetails(
        kind="friend", name="Tyler", quality="weak", said_by="worker"
    )
