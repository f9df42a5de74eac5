"""What a form page is told about drafts: only the owner's, only unexpired, only newer than the
saved record, only while the family may still be seen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from relsafe.drafts import selectors
from relsafe.drafts.models import Draft
from relsafe.records.forms import ContactForm
from tests.drafts.conftest import DraftsWorld

pytestmark = pytest.mark.django_db


def _draft(world: DraftsWorld, **overrides: object) -> Draft:
    values: dict[str, object] = {
        "owner": world.worker,
        "form_key": f"records:contact-create:family_pk={world.family.pk}",
        "path": world.contact_form,
        "family": world.family,
        "fields": {"discussed": ["Half-written note"], "kind": ["home_visit"]},
    }
    values.update(overrides)
    return Draft.objects.create(**values)


def _page(world: DraftsWorld, user: Any, query: str = "") -> selectors.DraftForm:
    request = RequestFactory().get(world.contact_form + query)
    request.resolver_match = resolve(world.contact_form)
    request.user = user
    return selectors.draft_for_form(
        user=user, request=request, family=world.family, changed_at=None
    )


def test_only_the_owner_is_offered_their_draft(world: DraftsWorld) -> None:
    draft = _draft(world)
    assert _page(world, world.worker).pending == draft
    assert _page(world, world.colleague).pending is None
    assert selectors.live_drafts(world.colleague).count() == 0
    assert selectors.live_drafts(AnonymousUser()).count() == 0


def test_an_expired_draft_is_not_offered(world: DraftsWorld) -> None:
    _draft(world, updated_at=timezone.now() - dt.timedelta(days=31))
    assert _page(world, world.worker).pending is None


def test_a_draft_older_than_the_saved_record_is_not_offered(world: DraftsWorld) -> None:
    draft = _draft(world)
    request = RequestFactory().get(world.contact_form)
    request.resolver_match = resolve(world.contact_form)
    newer = selectors.draft_for_form(
        user=world.worker,
        request=request,
        family=world.family,
        changed_at=draft.updated_at + dt.timedelta(seconds=1),
    )
    assert newer.pending is None
    older = selectors.draft_for_form(
        user=world.worker,
        request=request,
        family=world.family,
        changed_at=draft.updated_at - dt.timedelta(minutes=5),
    )
    assert older.pending == draft


def test_no_draft_once_the_family_can_no_longer_be_seen(world: DraftsWorld) -> None:
    _draft(world)
    Allocation.objects.filter(worker=world.worker).update(ended_at=timezone.now())
    assert _page(world, world.worker).pending is None


def test_restoring_binds_the_form_to_the_draft_without_error_messages_and_is_audited(
    world: DraftsWorld,
) -> None:
    _draft(world)
    page = _page(world, world.worker, "?draft=restore")
    assert page.restored is not None
    assert page.pending is None
    form = page.quiet(ContactForm(page.data, family=world.family))
    assert form["discussed"].value() == "Half-written note"
    assert not form.errors  # half-written on purpose: no "enter the date" on opening
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="drafts.draft", actor_id=world.worker.pk
    ).exists()
