"""Keeping, discarding, forgetting and pruning drafts: owner only, access decided again each
time, audited without the words, gone after the retention period."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from relsafe.drafts import services
from relsafe.drafts.models import Draft
from tests.drafts.conftest import DraftsWorld, ticket

pytestmark = pytest.mark.django_db


def _typed(text: str = "Jayden said he felt safer at the boxing club.") -> QueryDict:
    data = QueryDict(mutable=True)
    data["discussed"] = text
    data.setlist("young_people", ["1", "2"])
    data["csrfmiddlewaretoken"] = "never-kept"
    return data


def test_what_was_typed_is_kept_once_per_form_and_replaced_on_the_next_save(
    world: DraftsWorld,
) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    services.keep_draft(actor=world.worker, token=token, data=_typed("First words"))
    draft = services.keep_draft(actor=world.worker, token=token, data=_typed("More words"))
    assert Draft.objects.filter(owner=world.worker).count() == 1
    assert draft.fields["discussed"] == ["More words"]
    assert draft.fields["young_people"] == ["1", "2"]
    assert "csrfmiddlewaretoken" not in draft.fields
    assert draft.family == world.family
    assert draft.path == world.contact_form


def test_keeping_is_audited_with_field_names_but_never_the_words(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    services.keep_draft(actor=world.worker, token=token, data=_typed("Private words"))
    event = AuditEvent.objects.filter(object_type="drafts.draft").latest("id")
    assert event.action == AuditAction.CREATE
    assert event.family_id == world.family.pk
    assert "discussed" in event.detail["fields"]
    assert "Private words" not in str(event.detail)


def test_the_same_text_again_writes_nothing(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    services.keep_draft(actor=world.worker, token=token, data=_typed())
    before = AuditEvent.objects.count()
    services.keep_draft(actor=world.worker, token=token, data=_typed())
    assert AuditEvent.objects.count() == before


def test_someone_elses_ticket_keeps_nothing(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    with pytest.raises(NotAllowed):
        services.keep_draft(actor=world.colleague, token=token, data=_typed())
    with pytest.raises(NotAllowed):
        services.keep_draft(actor=world.worker, token=token + "x", data=_typed())
    assert not Draft.objects.exists()


def test_access_is_decided_again_when_the_allocation_has_ended(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    Allocation.objects.filter(worker=world.worker).update(ended_at=timezone.now())
    with pytest.raises(NotAllowed):
        services.keep_draft(actor=world.worker, token=token, data=_typed())
    assert not Draft.objects.exists()


def test_an_outsized_draft_is_refused(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    with pytest.raises(ValidationError):
        services.keep_draft(
            actor=world.worker, token=token, data=_typed("x" * (services.MAX_CHARS + 1))
        )


def test_only_the_owner_can_discard_and_discarding_is_audited(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    draft = services.keep_draft(actor=world.worker, token=token, data=_typed())
    with pytest.raises(NotAllowed):
        services.discard_draft(actor=world.colleague, draft=draft)
    services.discard_draft(actor=world.worker, draft=draft)
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_type="drafts.draft").exists()


def test_forgetting_after_a_save_removes_only_that_forms_draft(world: DraftsWorld) -> None:
    services.keep_draft(
        actor=world.worker,
        token=ticket(world.worker, world.contact_form, world.family),
        data=_typed(),
    )
    other = f"/families/{world.family.pk}/plan/actions/new/"
    services.keep_draft(
        actor=world.worker, token=ticket(world.worker, other, world.family), data=_typed()
    )
    key = f"records:contact-create:family_pk={world.family.pk}"
    assert services.forget_draft(actor=world.colleague, form_key=key) is False
    assert services.forget_draft(actor=world.worker, form_key=key) is True
    assert list(Draft.objects.values_list("form_key", flat=True)) == [
        f"plans:action-new:family_pk={world.family.pk}"
    ]


def test_drafts_nobody_came_back_to_are_pruned_after_the_retention_period(
    world: DraftsWorld, settings: object
) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        services.keep_draft(actor=world.worker, token=token, data=_typed())
        traveller.shift(dt.timedelta(days=29))
        assert services.prune_expired_drafts() == 0
        traveller.shift(dt.timedelta(days=2))
        assert services.prune_expired_drafts() == 1
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_type="drafts.draft", detail__expired=1
    ).exists()
