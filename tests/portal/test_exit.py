"""The quick-exit target, /exit/: for a parent, a young person or anyone not signed in it ends the
session on the server, tells the browser to forget the site and leaves for a neutral page
(checklist item 30). It is a plain link anyone can send, so it never signs staff out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User, UserSession
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_worker, enter_password, is_signed_in

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
EXIT = "/exit/"
BBC_WEATHER = "https://www.bbc.co.uk/weather"


def test_the_exit_url_is_short_and_stable() -> None:
    assert reverse("portal:exit") == EXIT


def test_exit_ends_the_session_so_the_old_cookie_no_longer_signs_in(parent: User) -> None:
    client = Client()
    enter_password(client, parent.email)
    assert is_signed_in(client)
    old_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert UserSession.objects.filter(user=parent).count() == 1

    response = client.get(EXIT)

    assert response.status_code == 302
    assert response["Location"] == BBC_WEATHER
    assert not Session.objects.filter(session_key=old_cookie).exists()
    assert not UserSession.objects.filter(user=parent).exists()
    # Someone who copied the cookie before the exit cannot use it afterwards.
    copied = Client()
    copied.cookies[django_settings.SESSION_COOKIE_NAME] = old_cookie
    assert not is_signed_in(copied)
    assert not is_signed_in(client)


def test_exit_sends_exactly_the_headers_that_make_the_browser_forget(
    parent: User, signed_in: SignedIn
) -> None:
    response = signed_in(parent).get(EXIT)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    # Nothing to show: no body, so no page title in the browser's history.
    assert response.content == b""
    # The session cookie is deleted on the way out, too.
    assert response.cookies[django_settings.SESSION_COOKIE_NAME].value == ""


def test_exit_is_audited_as_a_sign_out_by_quick_exit(parent: User, signed_in: SignedIn) -> None:
    signed_in(parent).get(EXIT)
    entry = AuditEvent.objects.get(action=AuditAction.SIGN_OUT, actor_id=parent.pk)
    assert entry.detail == {"quick_exit": True}
    assert entry.actor_role == parent.role


def test_an_ordinary_sign_out_is_not_marked_as_a_quick_exit(
    parent: User, signed_in: SignedIn
) -> None:
    signed_in(parent).post(reverse("accounts:sign-out"))
    entry = AuditEvent.objects.get(action=AuditAction.SIGN_OUT, actor_id=parent.pk)
    assert entry.detail == {}


def test_someone_not_signed_in_leaves_the_same_way_and_nothing_is_audited() -> None:
    before = AuditEvent.objects.count()
    response = Client().get(EXIT)
    assert response.status_code == 302
    assert response["Location"] == BBC_WEATHER
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert AuditEvent.objects.count() == before


def test_a_half_finished_sign_in_is_ended_too(parent: User) -> None:
    """Password entered, code not yet: the pending marker goes with the session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=parent, name="Phone", confirmed=True)
    client = Client()
    assert enter_password(client, parent.email)["Location"] == reverse("accounts:sign-in-code")
    client.get(EXIT)
    assert client.get(reverse("accounts:sign-in-code"))["Location"] == reverse("accounts:sign-in")


def test_exit_after_an_idle_timeout_still_leaves_for_the_neutral_site(
    parent: User, signed_in: SignedIn
) -> None:
    """The session policy would send a timed-out person to the sign-in page; the exit must not."""
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = signed_in(parent)
        traveller.shift(dt.timedelta(seconds=django_settings.FAMILY_IDLE_TIMEOUT_SECONDS + 1))
        response = client.get(EXIT)
    assert response.status_code == 302
    assert response["Location"] == BBC_WEATHER
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not is_signed_in(client)


def test_the_neutral_site_comes_from_the_setting(
    parent: User, signed_in: SignedIn, settings: Any
) -> None:
    settings.EXIT_THIS_PAGE_URL = "https://neutral.example/news"
    response = signed_in(parent).get(EXIT)
    assert response["Location"] == "https://neutral.example/news"
    # The page still points at our own exit, which does the signing out.
    page = signed_in(parent).get(reverse("core:start")).content.decode()
    assert 'href="/exit/"' in page
    assert "neutral.example" not in page


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_exit_only_answers_get_and_head(method: str, parent: User, signed_in: SignedIn) -> None:
    client = signed_in(parent)
    assert getattr(client, method)(EXIT).status_code == 405
    assert is_signed_in(client)


def test_head_is_a_safe_method_too() -> None:
    assert Client().head(EXIT).status_code == 302


@pytest.mark.parametrize(
    "role",
    [
        Role.PARENT_SUPPORT_WORKER,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.POLICE_ANALYST,
        Role.COMMISSIONER,
        Role.ADMINISTRATOR,
    ],
)
def test_a_link_to_exit_does_not_sign_staff_out(role: str, signed_in: SignedIn) -> None:
    """Anyone can send a member of staff a link to /exit/ (or put it in an image): they stay
    signed in, go back to their start page and are told how to sign out; the visit is audited."""
    worker = a_worker(role=role)
    client = signed_in(worker)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    response = client.get(EXIT)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    assert "Clear-Site-Data" not in response
    start = client.get(reverse("core:start")).content.decode()
    assert "You are still signed in. &#x27;Exit this page&#x27; is for parents" in start
    assert Session.objects.filter(session_key=key).exists()
    assert is_signed_in(client)
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor_id=worker.pk).exists()
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED, actor_id=worker.pk)
    assert refusal.object_id == EXIT
    assert "staff are not signed out by a link" in refusal.reason


def test_staff_sign_out_by_post_only(signed_in: SignedIn) -> None:
    client = signed_in(a_worker())
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert is_signed_in(client)
    assert client.post(reverse("accounts:sign-out"))["Location"] == reverse("accounts:sign-in")
    assert not is_signed_in(client)
