"""Saving or discarding someone else's draft, or keeping one after access has ended, is refused
and leaves the same ``access_denied`` entry as any other refusal (it used to be a bare 404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from relsafe.drafts import services
from relsafe.drafts.models import Draft
from tests.drafts.conftest import DraftsWorld, ticket
from tests.factories import UserFactory
from tests.refusals import assert_one_refusal, last_audit_id, refused

pytestmark = pytest.mark.django_db


def _typed(text: str = "She said the week was better.") -> dict[str, Any]:
    return {"discussed": text}


def test_keeping_a_draft_on_someone_elses_ticket(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    with refused(world.colleague, "keep_draft"):
        services.keep_draft(actor=world.colleague, token=token, data=_typed())
    assert not Draft.objects.exists()


def test_keeping_a_draft_on_a_forged_ticket(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    with refused(world.worker, "keep_draft"):
        services.keep_draft(actor=world.worker, token=token + "x", data=_typed())
    assert not Draft.objects.exists()


def test_keeping_a_draft_after_the_allocation_ended(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    Allocation.objects.filter(worker=world.worker).update(ended_at=timezone.now())
    with refused(world.worker, "keep_draft", family=world.family):
        services.keep_draft(actor=world.worker, token=token, data=_typed())
    assert not Draft.objects.exists()


@pytest.mark.parametrize("role", ["police_analyst", "commissioner", "administrator"])
def test_roles_that_write_no_case_records_keep_no_drafts(world: DraftsWorld, role: str) -> None:
    person: Any = UserFactory(role=role)
    token = ticket(person, world.contact_form, world.family)
    with refused(person, "keep_draft", family=world.family):
        services.keep_draft(actor=person, token=token, data=_typed())
    assert not Draft.objects.exists()


def test_discarding_someone_elses_draft(world: DraftsWorld) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    draft = services.keep_draft(actor=world.worker, token=token, data=_typed())
    with refused(world.colleague, "discard_draft", family=world.family):
        services.discard_draft(actor=world.colleague, draft=draft)
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_autosave_with_someone_elses_ticket_is_a_404_and_audited(
    world: DraftsWorld, signed_in: Any
) -> None:
    token = ticket(world.worker, world.contact_form, world.family)
    client = signed_in(world.colleague)
    after = last_audit_id()
    response = client.post(reverse("drafts:save"), {"draft_token": token, **_typed()})
    assert response.status_code == 404
    assert_one_refusal(world.colleague, "keep_draft", after=after)
    assert not Draft.objects.exists()


def test_discarding_someone_elses_draft_by_its_id_is_a_404_and_audited(
    world: DraftsWorld, signed_in: Any
) -> None:
    draft = services.keep_draft(
        actor=world.worker,
        token=ticket(world.worker, world.contact_form, world.family),
        data=_typed(),
    )
    client = signed_in(world.colleague)
    after = last_audit_id()
    response = client.post(reverse("drafts:discard", args=[draft.pk]))
    assert response.status_code == 404
    assert_one_refusal(world.colleague, "discard_draft", after=after)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("drafts.draft", str(draft.pk))
    assert Draft.objects.filter(pk=draft.pk).exists()
