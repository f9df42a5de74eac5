"""The portal's pages: a link that sets a password once (and clear pages for links that cannot be
used), messages on both sides, check-ins with their chart and table, the young person's space and
their words on their profile; script escaped, long messages refused, Exit this page kept."""

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
from relsafe.portal import services
from relsafe.portal.models import Message, SpaceEntry
from tests.accounts.conftest import enter_password
from tests.factories import CarerFactory
from tests.portal.factories import CheckInFactory, PortalScene, YoungPersonSpaceFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
EXIT_BUTTON = "govuk-exit-this-page__button"
PASSWORD = "kettle orchard lantern 42"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def scene() -> PortalScene:
    return PortalScene()


def _link(scene: PortalScene) -> tuple[Any, str]:
    uncle: Any = CarerFactory(family=scene.family, full_name="Kwame Mensah", relationship="uncle")
    invitation, token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="kwame@example.org"
    )
    return invitation, reverse("portal:join", args=[token])


# --- invitations ---------------------------------------------------------------------------------


def test_a_worker_invites_from_the_family_page_and_sees_the_link_once(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    uncle: Any = CarerFactory(family=scene.family, full_name="Kwame Mensah", relationship="uncle")
    client = signed_in(scene.worker)
    family_page = client.get(reverse("cases:family", args=[scene.family.pk]))
    invite_url = reverse("portal:invite-carer", args=[scene.family.pk, uncle.pk])
    assert invite_url in family_page.content.decode()
    response = client.post(invite_url, {"email": "kwame@example.org"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    link = response.context["link"]
    assert "/join/" in link
    # The family page now says a link is out, and never shows it again.
    page = client.get(reverse("cases:family", args=[scene.family.pk])).content.decode()
    assert "Link given" in page
    assert link not in page


def test_an_invalid_email_keeps_what_was_typed(scene: PortalScene, signed_in: SignedIn) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    response = signed_in(scene.worker).post(
        reverse("portal:invite-carer", args=[scene.family.pk, uncle.pk]), {"email": "not-an-email"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="not-an-email"' in page


def test_the_link_sets_a_password_then_sign_in_shows_the_interruption_page(
    scene: PortalScene, client: Client
) -> None:
    _, url = _link(scene)
    page = client.get(url)
    assert page.status_code == 200
    assert "kwame@example.org" in page.content.decode()
    assert EXIT_BUTTON in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    mismatch = client.post(url, {"password": PASSWORD, "password_again": "something else"})
    assert "The passwords do not match" in mismatch.content.decode()
    done = client.post(url, {"password": PASSWORD, "password_again": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:sign-in")
    signed = enter_password(client, "kwame@example.org", PASSWORD)
    assert signed.status_code == 302
    assert signed["Location"].startswith("/before-you-start/")
    # The link has done its work.
    again = Client().get(url)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()


def test_an_expired_link_gets_a_clear_page(scene: PortalScene, client: Client) -> None:
    _, url = _link(scene)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=73)):
        response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page
    assert "Ask your worker for a new link" in page
    assert EXIT_BUTTON in page


def test_a_made_up_link_gets_a_clear_page(client: Client) -> None:
    response = client.get(reverse("portal:join", args=["made-up"]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_weak_password_is_refused_with_a_gov_uk_error(scene: PortalScene, client: Client) -> None:
    _, url = _link(scene)
    response = client.post(url, {"password": "password", "password_again": "password"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page


# --- messages ------------------------------------------------------------------------------------


def test_a_parent_and_a_worker_write_to_each_other_with_read_receipts(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    parent = signed_in(scene.parent)
    sent = parent.post(reverse("portal:messages"), {"body": "Jayden came home at 9."})
    assert sent.status_code == 302
    worker = signed_in(scene.worker)
    start = worker.get(reverse("core:start")).content.decode()
    assert "New messages from families" in start
    thread_url = reverse("portal:family-messages", args=[scene.family.pk])
    assert thread_url in start
    page = worker.get(thread_url).content.decode()
    assert "Jayden came home at 9." in page
    worker.post(thread_url, {"body": "Thank you for telling me."})
    back = parent.get(reverse("portal:messages")).content.decode()
    assert "Thank you for telling me." in back
    assert f"Read by {scene.worker.get_short_name()}" in back
    assert EXIT_BUTTON in back


def test_script_in_a_message_is_shown_as_text(scene: PortalScene, signed_in: SignedIn) -> None:
    parent = signed_in(scene.parent)
    parent.post(reverse("portal:messages"), {"body": SCRIPT})
    page = signed_in(scene.worker).get(reverse("portal:family-messages", args=[scene.family.pk]))
    html = page.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_a_20000_character_message_is_refused_with_a_clear_error(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    response = signed_in(scene.parent).post(reverse("portal:messages"), {"body": "a" * 20_000})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "5,000 characters or fewer" in page
    assert not Message.objects.exists()


def test_a_parent_cannot_open_another_familys_thread_or_file(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    other = signed_in(scene.other_parent)
    assert other.get(reverse("portal:family-messages", args=[scene.family.pk])).status_code in (
        403,
        404,
    )
    message = services.send_message(actor=scene.worker, family=scene.family, body="Private")
    assert other.get(reverse("portal:message-file", args=[message.pk])).status_code == 404
    assert "Private" not in other.get(reverse("portal:messages")).content.decode()


# --- check-ins -----------------------------------------------------------------------------------


def test_a_parent_checks_in_and_sees_the_trend_as_a_chart_and_a_table(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    CheckInFactory(family=scene.family, person=scene.parent, coping=1)
    parent = signed_in(scene.parent)
    form = parent.get(reverse("portal:check-in")).content.decode()
    assert "I am struggling to get through each day." in form
    saved = parent.post(
        reverse("portal:check-in"),
        {"coping": "4", "understanding": "3", "confidence": "2", "note": SCRIPT},
    )
    assert saved.status_code == 302
    page = parent.get(reverse("portal:check-in")).content.decode()
    assert '<svg class="rs-chart"' in page
    assert "Coping: from 1 to 4 out of 5." in page
    assert "<caption" in page
    assert "&lt;script&gt;" in page
    assert SCRIPT not in page
    worker_page = signed_in(scene.worker).get(
        reverse("portal:family-check-ins", args=[scene.family.pk])
    )
    assert scene.parent.full_name in worker_page.content.decode()


def test_a_check_in_without_answers_shows_errors(scene: PortalScene, signed_in: SignedIn) -> None:
    page = signed_in(scene.parent).post(reverse("portal:check-in"), {}).content.decode()
    assert "Choose the sentence that is closest to how you feel" in page


# --- the young person's space --------------------------------------------------------------------


def test_a_young_person_rates_a_trusted_adult_and_it_shows_in_their_profile(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    child = signed_in(scene.child_user)
    assert "not open yet" in child.get(reverse("portal:space")).content.decode()
    YoungPersonSpaceFactory(young_person=scene.child)
    response = child.post(
        reverse("portal:space"),
        {
            "trusted_adult": "Uncle Kwame",
            "cares": "5",
            "helps": "4",
            "feels_safe": "5",
            "trusts": "5",
            "going_well": f"Football {SCRIPT}",
            "want_to_happen": "",
        },
    )
    assert response.status_code == 302
    assert SpaceEntry.objects.get().trusted_adult == "Uncle Kwame"
    profile = (
        signed_in(scene.worker)
        .get(reverse("cases:young-person", args=[scene.child.pk]))
        .content.decode()
    )
    assert "own words" in profile
    assert "Uncle Kwame" in profile
    assert "Mostly (4 of 5)" in profile
    assert SCRIPT not in profile
    assert "&lt;script&gt;" in profile


def test_the_worker_opens_the_space_from_the_family_page(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    worker = signed_in(scene.worker)
    response = worker.post(reverse("portal:space-switch", args=[scene.child.pk]), {"on": "1"})
    assert response.status_code == 302
    page = signed_in(scene.child_user).get(reverse("portal:space")).content.decode()
    assert "Who I trust" in page
    assert EXIT_BUTTON in page


def test_a_family_member_is_offered_a_second_step_never_made_to_use_one(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    page = signed_in(scene.parent).get(reverse("core:start")).content.decode()
    assert "Keep your account safe (optional)" in page
    assert reverse("accounts:account") in page


def test_a_photo_sent_with_a_message_reaches_the_worker_as_a_download(
    scene: PortalScene, signed_in: SignedIn, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import sample_files

    upload = SimpleUploadedFile("car.png", sample_files.png_bytes(), content_type="image/png")
    parent = signed_in(scene.parent)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        sent = parent.post(reverse("portal:messages"), {"body": "The car", "attachment": upload})
    assert sent.status_code == 302
    message = Message.objects.get()
    response = signed_in(scene.worker).get(reverse("portal:message-file", args=[message.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"\x89PNG")
