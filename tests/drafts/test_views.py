"""Drafts as a worker meets them: the quiet "Draft saved" line, the banner when they come back,
"Restore it" and "Discard it", a save clearing the draft, and a timeout that loses nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.drafts.models import Draft
from relsafe.records.models import Contact
from tests.drafts.conftest import DraftsWorld, ticket_from_page
from tests.factories import ContactFactory, MissingEpisodeFactory, PlanActionFactory, PlanFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NOTE = "Jayden said the boxing club is where he feels safest."


def _autosave(client: Client, token: str, **fields: Any) -> Any:
    return client.post(
        reverse("drafts:save"), {"draft_token": token, **fields}, headers={"HX-Request": "true"}
    )


def _contact_data(world: DraftsWorld, **overrides: Any) -> dict[str, Any]:
    now = timezone.localtime() - dt.timedelta(hours=1)
    data: dict[str, Any] = {
        "kind": "home_visit",
        "occurred_on": now.date().isoformat(),
        "occurred_time": now.strftime("%H:%M"),
        "young_people": [world.family.young_people.get().pk],
        "present": "Jayden",
        "discussed": NOTE,
        "chronology_tag": "concern",
    }
    data.update(overrides)
    return data


def test_the_form_carries_a_quiet_status_line_and_autosave_answers_draft_saved(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    page = client.get(world.contact_form).content.decode()
    assert 'aria-live="polite"' in page
    assert "data-draft-status" in page
    token = ticket_from_page(client, world.contact_form)
    response = _autosave(client, token, discussed=NOTE)
    assert response.status_code == 200
    saved = Draft.objects.get(owner=world.worker)
    assert response.content.decode().strip() == (
        f"Draft saved at {timezone.localtime(saved.updated_at):%H:%M}"
    )
    assert saved.fields["discussed"] == [NOTE]


def test_a_ticket_cannot_be_used_by_a_colleague(world: DraftsWorld, signed_in: SignedIn) -> None:
    token = ticket_from_page(signed_in(world.worker), world.contact_form)
    assert _autosave(signed_in(world.colleague), token, discussed="x").status_code == 404
    assert not Draft.objects.exists()


def test_autosave_does_not_keep_an_idle_person_signed_in(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(world.worker)
        token = ticket_from_page(client, world.contact_form)
        traveller.shift(dt.timedelta(minutes=14))
        assert _autosave(client, token, discussed=NOTE).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert "timeout=1" in response["Location"]


def test_a_form_posted_just_after_the_timeout_is_kept_as_a_draft(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(world.worker)
        token = ticket_from_page(client, world.contact_form)
        traveller.shift(dt.timedelta(minutes=16))
        response = client.post(world.contact_form, {**_contact_data(world), "draft_token": token})
    assert response.status_code == 401
    assert not Contact.objects.exists()
    draft = Draft.objects.get(owner=world.worker)
    assert draft.fields["discussed"] == [NOTE]


def test_a_post_just_after_the_timeout_is_kept_only_when_it_passes_the_csrf_check(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    """As a browser sends it (cookie and token) the text is kept; a cross-site post of the same
    form, with the ticket but without the token, keeps nothing and is refused (and audited)."""
    from django.conf import settings

    from relsafe.audit.models import AuditAction, AuditEvent

    with time_machine.travel(START, tick=False) as traveller:
        forged = signed_in(world.worker)
        forged.handler.enforce_csrf_checks = True
        token = ticket_from_page(forged, world.contact_form)
        real = signed_in(world.worker)
        real.handler.enforce_csrf_checks = True
        real_token = ticket_from_page(real, world.contact_form)
        csrf = real.cookies[settings.CSRF_COOKIE_NAME].value
        traveller.shift(dt.timedelta(minutes=16))
        refused = forged.post(world.contact_form, {**_contact_data(world), "draft_token": token})
        assert refused.status_code == 403
        assert not Draft.objects.exists()
        assert AuditEvent.objects.filter(
            action=AuditAction.ACCESS_DENIED, reason__startswith="CSRF check failed"
        ).exists()
        kept = real.post(
            world.contact_form,
            {**_contact_data(world), "draft_token": real_token, "csrfmiddlewaretoken": csrf},
        )
    assert kept.status_code == 401
    assert Draft.objects.get(owner=world.worker).fields["discussed"] == [NOTE]
    assert not Contact.objects.exists()


def test_coming_back_offers_restore_and_restoring_puts_the_words_back(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    _autosave(client, ticket_from_page(client, world.contact_form), discussed=NOTE)
    page = client.get(world.contact_form).content.decode()
    assert "You have unsaved text from" in page
    assert "Restore it" in page
    assert "Discard it" in page
    assert NOTE not in page  # nothing is put back until the person chooses
    restored = client.get(world.contact_form + "?draft=restore").content.decode()
    assert NOTE in restored
    assert "You have unsaved text" not in restored
    assert "govuk-error-summary" not in restored
    colleague_page = signed_in(world.colleague).get(world.contact_form).content.decode()
    assert "You have unsaved text" not in colleague_page


def test_discard_removes_the_draft_and_returns_to_the_form(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    _autosave(client, ticket_from_page(client, world.contact_form), discussed=NOTE)
    draft = Draft.objects.get()
    assert (
        signed_in(world.colleague).post(reverse("drafts:discard", args=[draft.pk])).status_code
        == 404
    )
    response = client.post(reverse("drafts:discard", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == world.contact_form
    assert not Draft.objects.exists()
    assert "You have unsaved text" not in client.get(world.contact_form).content.decode()


def test_a_successful_save_deletes_the_draft_and_a_failed_one_keeps_it(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    token = ticket_from_page(client, world.contact_form)
    _autosave(client, token, discussed=NOTE)
    failed = client.post(world.contact_form, _contact_data(world, occurred_on="not a date"))
    assert failed.status_code == 200
    assert NOTE in failed.content.decode()
    assert Draft.objects.exists()
    saved = client.post(world.contact_form, _contact_data(world))
    assert saved.status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_older_than_the_last_save_of_the_record_is_not_offered(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    url = reverse("records:contact-edit", args=[contact.pk])
    client = signed_in(world.worker)
    _autosave(client, ticket_from_page(client, url), discussed=NOTE)
    assert "You have unsaved text" in client.get(url).content.decode()
    Contact.objects.filter(pk=contact.pk).update(updated_at=timezone.now() + dt.timedelta(1))
    assert "You have unsaved text" not in client.get(url).content.decode()


def test_a_restored_edit_still_meets_a_colleagues_save_with_the_conflict_page(
    world: DraftsWorld, signed_in: SignedIn
) -> None:
    """The draft keeps the version the person started from, so restoring it never silently
    overwrites what a colleague saved in between."""
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    url = reverse("records:contact-edit", args=[contact.pk])
    client = signed_in(world.worker)
    page = client.get(url)
    assert page.status_code == 200
    _autosave(
        client,
        ticket_from_page(client, url),
        **_contact_data(world),
        version=str(contact.version),
    )
    Contact.objects.filter(pk=contact.pk).update(
        version=contact.version + 1, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    restored = client.get(url + "?draft=restore")
    data = restored.context["form"].data
    response = client.post(url, data)
    assert response.status_code == 409
    assert NOTE in response.content.decode()


@pytest.mark.parametrize("form", ["return-interview", "mapping-new", "action-new", "action-edit"])
def test_the_other_long_forms_keep_drafts_too(
    form: str, world: DraftsWorld, signed_in: SignedIn
) -> None:
    family = world.family
    plan = PlanFactory.create(family=family, created_by=world.worker)
    urls = {
        "return-interview": lambda: reverse(
            "records:return-interview",
            args=[
                MissingEpisodeFactory.create(
                    family=family,
                    young_person=family.young_people.get(),
                    recorded_by=world.worker,
                ).pk
            ],
        ),
        "mapping-new": lambda: reverse("assessments:mapping-new", args=[family.pk]),
        "action-new": lambda: reverse("plans:action-new", args=[family.pk]),
        "action-edit": lambda: reverse(
            "plans:action-edit", args=[family.pk, PlanActionFactory.create(plan=plan).pk]
        ),
    }
    url = urls[form]()
    client = signed_in(world.worker)
    token = ticket_from_page(client, url)
    assert (
        _autosave(client, token, description=NOTE, harm=NOTE, harm_statements=NOTE).status_code
        == 200
    )
    assert "You have unsaved text" in client.get(url).content.decode()
    assert NOTE in client.get(url + "?draft=restore").content.decode()
