"""Reading a map: scoped by access, audited, and comparable with an earlier date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection as db_connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.relationships import selectors, services
from relsafe.relationships.services import ConnectionDetails
from tests.factories import ConnectionFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def _map(world: Any, user: Any = None) -> selectors.YoungPersonMap:
    return selectors.map_for(
        user=user or world.worker,
        family_pk=world.family.pk,
        young_person_pk=world.young_person.pk,
    )


def test_allocated_worker_sees_people_and_places_and_the_read_is_audited(world: Any) -> None:
    ecomap = _map(world)
    assert [c.name for c in ecomap.people] == ["Kwame Mensah"]
    assert [c.name for c in ecomap.places] == ["Eastside Boxing Club"]
    assert ecomap.trusted_adults == [world.uncle]
    entry = AuditEvent.objects.filter(object_type="relationships.map").get()
    assert entry.action == AuditAction.VIEW
    assert entry.reason == "allocated to the case"
    assert entry.family_id == world.family.pk
    assert entry.object_id == str(world.young_person.pk)


def test_police_with_a_live_share_may_read_the_map(world: Any) -> None:
    # Need-to-know: the share covers the map's people of concern only, never a trusted adult.
    assert _map(world, world.worker).trusted_adults == [world.uncle]
    assert _map(world, world.police).connections == []
    entry = AuditEvent.objects.filter(
        object_type="relationships.map", actor_id=world.police.pk
    ).get()
    assert entry.reason == "shared with their organisation"


def test_a_worker_not_allocated_gets_404_and_a_refusal_is_logged(world: Any) -> None:
    with pytest.raises(Http404):
        _map(world, world.other_worker)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=world.other_worker.pk
    ).exists()
    assert not AuditEvent.objects.filter(object_type="relationships.map").exists()


def test_a_young_person_from_another_family_is_404_even_with_a_visible_family(
    world: Any,
) -> None:
    stranger: Any = YoungPersonFactory()
    strangers_tie: Any = ConnectionFactory(young_person=stranger)
    with pytest.raises(Http404):
        selectors.map_for(user=world.worker, family_pk=world.family.pk, young_person_pk=stranger.pk)
    with pytest.raises(Http404):
        selectors.connection_for_change(
            user=world.worker,
            family_pk=world.family.pk,
            young_person_pk=world.young_person.pk,
            connection_pk=strangers_tie.pk,
        )


def test_ended_ties_are_listed_apart(world: Any) -> None:
    services.end_connection(actor=world.worker, connection=world.club, expected_version=1)
    ecomap = _map(world)
    assert ecomap.places == []
    assert [c.name for c in ecomap.ended] == ["Eastside Boxing Club"]


def test_drawing_data_marks_the_trusted_adult_and_places(world: Any) -> None:
    ConnectionFactory(
        young_person=world.young_person, kind="person_of_concern", name="Unknown man",
        known_as="Ghost", quality="harmful", said_by="parent",
    )  # fmt: skip
    ecomap = _map(world)
    data = ecomap.elements()
    by_label = {n["data"]["label"]: n["data"] for n in data["nodes"]}
    assert len(data["nodes"]) == 4
    assert len(data["edges"]) == 3
    assert by_label["★ Trusted adult\nKwame Mensah"]["trusted"] is True
    assert by_label["Eastside Boxing Club\n(feels safe)"]["group"] == "place"
    assert by_label["Ghost\n(person of concern)"]["group"] == "concern"
    assert {e["data"]["quality"] for e in data["edges"]} == {"strong", "harmful"}
    assert "Trusted adult: Kwame Mensah." in ecomap.summary
    assert "Harmful ties: Unknown man." in ecomap.summary
    assert ecomap.summary.endswith("The same information is in the tables below the map.")


def test_trusted_adults_for_lists_only_live_trusted_adults(world: Any) -> None:
    ConnectionFactory(young_person=world.young_person, name="Tyler")
    ConnectionFactory(
        young_person=YoungPersonFactory(), kind="family", name="Someone else's aunt",
        is_trusted_adult=True,
    )  # fmt: skip
    assert selectors.trusted_adults_for(young_person=world.young_person) == [world.uncle]


def test_map_reads_take_the_same_number_of_queries_for_3_or_30_ties(world: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(db_connection) as ctx:
            _map(world).elements()
        return len(ctx.captured_queries)

    count()  # the first read also marks the family as viewed (one insert); measure after it
    small = count()
    ConnectionFactory.create_batch(27, young_person=world.young_person)
    assert count() == small


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, 12, 0, tzinfo=dt.UTC)


def test_the_map_as_it_was_on_a_date_and_what_changed_since(world: Any) -> None:
    amara: Any = YoungPersonFactory(family=world.family, first_name="Amara")

    def add(name: str, **kw: Any) -> Any:
        values = {"kind": "friend", "quality": "strong", "said_by": "young_person"} | kw
        return services.add_connection(
            actor=world.worker,
            young_person=amara,
            details=ConnectionDetails(name=name, **values),
        )

    with time_machine.travel(_at(1), tick=False):
        tyler = add("Tyler")
        mentor = add("Ade Bello", kind="professional", quality="weak")
    with time_machine.travel(_at(5), tick=False):
        services.update_connection(
            actor=world.worker,
            connection=mentor,
            expected_version=1,
            details=ConnectionDetails(
                kind="professional",
                name="Ade Bello",
                quality="strong",
                said_by="young_person",
                is_trusted_adult=True,
            ),
        )
        services.end_connection(actor=world.worker, connection=tyler, expected_version=1)
    with time_machine.travel(_at(7), tick=False):
        add("Ghost", kind="person_of_concern", quality="harmful", said_by="parent")
    with time_machine.travel(_at(9), tick=False):
        comparison = selectors.compare_map(
            user=world.worker,
            family_pk=world.family.pk,
            young_person_pk=amara.pk,
            on=dt.date(2026, 3, 3),
        )
    assert sorted(c.name for c in comparison.then.connections) == ["Ade Bello", "Tyler"]
    then_mentor = next(c for c in comparison.then.people if c.name == "Ade Bello")
    assert then_mentor.get_quality_display() == "Weak"
    assert not then_mentor.is_trusted_adult
    assert [c.connection.name for c in comparison.added] == ["Ghost"]
    assert [c.connection.name for c in comparison.ended] == ["Tyler"]
    (changed,) = comparison.changed
    assert {(f.label, f.before, f.after) for f in changed.fields} == {
        ("Quality of tie", "Weak", "Strong and supportive"),
        ("Trusted adult", "No", "Yes"),
    }
    assert AuditEvent.objects.filter(
        object_type="relationships.map", detail__compared_with="2026-03-03"
    ).exists()


def test_comparing_with_today_shows_nothing_changed(world: Any) -> None:
    services.add_connection(
        actor=world.worker,
        young_person=world.young_person,
        details=ConnectionDetails(kind="friend", name="Tyler", quality="weak", said_by="worker"),
    )
    comparison = selectors.compare_map(
        user=world.worker,
        family_pk=world.family.pk,
        young_person_pk=world.young_person.pk,
        on=timezone.localdate() + dt.timedelta(days=1),
    )
    assert [c.connection.name for c in comparison.changes] == []


def test_each_child_of_a_family_comes_with_their_live_trusted_adults_only() -> None:
    from relsafe.relationships.selectors import trusted_adults_by_child

    jay = YoungPersonFactory.create(first_name="Jay")
    sister = YoungPersonFactory.create(family=jay.family, first_name="Sis")
    uncle = ConnectionFactory.create(young_person=jay, name="Uncle K", is_trusted_adult=True)
    ConnectionFactory.create(young_person=jay, name="Coach", is_trusted_adult=False)
    ConnectionFactory.create(
        young_person=jay,
        name="Old friend",
        is_trusted_adult=True,
        created_at=timezone.now() - dt.timedelta(days=30),
        ended_at=timezone.now(),
    )
    ConnectionFactory.create(name="Someone else's", is_trusted_adult=True)
    pairs = dict(trusted_adults_by_child(family=jay.family))
    assert pairs == {jay: [uncle], sister: []}
