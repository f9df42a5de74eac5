"""Session policy: idle and absolute timeouts, keepalive, listing and ending sessions, and
deactivation ending every session at once (ASVS 7.1.1, 7.3.1, 7.3.2, 7.4.2, 7.5.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from relsafe.accounts import services
from relsafe.accounts.models import User, UserSession
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent, a_worker, enter_password, is_signed_in

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SignedIn = Callable[[User], Client]


def test_staff_are_signed_out_after_fifteen_idle_minutes(worker: User, signed_in: SignedIn) -> None:
    assert settings.STAFF_IDLE_TIMEOUT_SECONDS == 15 * 60
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(worker)
        traveller.shift(dt.timedelta(minutes=14, seconds=59))
        assert client.get(reverse("core:start")).status_code == 200
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?timeout=1"
    assert not is_signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for a while" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.SESSION_ENDED, actor_id=worker.pk, reason="idle timeout"
    ).exists()


def test_parents_have_thirty_idle_minutes(parent: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(parent)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("core:start")).status_code == 200
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        assert client.get(reverse("core:start")).status_code == 302
        assert not is_signed_in(client)


def test_keepalive_counts_as_activity(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(worker)
        traveller.shift(dt.timedelta(minutes=14))
        assert client.post(reverse("accounts:keepalive")).status_code == 204
        traveller.shift(dt.timedelta(minutes=14))
        assert client.get(reverse("core:start")).status_code == 200


def test_an_idle_htmx_request_gets_401_not_a_page(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(worker)
        traveller.shift(dt.timedelta(minutes=16))
        response = client.get(reverse("core:start"), headers={"HX-Request": "true"})
    assert response.status_code == 401


def test_nobody_stays_signed_in_longer_than_twelve_hours(parent: User, signed_in: SignedIn) -> None:
    assert settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS == 12 * 60 * 60
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(parent)
        for _ in range(int(13 * 60 / 20)):
            traveller.shift(dt.timedelta(minutes=20))
            if client.post(reverse("accounts:keepalive")).status_code != 204:
                break
        signed_in_for = dt.datetime.now(tz=dt.UTC) - START
    # Active every 20 minutes, yet out at the first request after 12 hours.
    assert signed_in_for == dt.timedelta(hours=12, minutes=20)
    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.SESSION_ENDED, actor_id=parent.pk, reason="absolute timeout"
    ).exists()


def test_people_see_where_they_are_signed_in(parent: User, signed_in: SignedIn) -> None:
    laptop = signed_in(parent)
    phone = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile",
        REMOTE_ADDR="198.51.100.5",
    )
    enter_password(phone, parent.email)
    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Where you are signed in" in page
    assert page.count("This device") == 1
    assert "Chrome on Android" in page
    assert "198.51.100.5" in page
    assert "Sign out everywhere else" in page


def test_abandoned_sessions_are_not_listed(parent: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        signed_in(parent)  # a browser closed and never used again
        traveller.shift(dt.timedelta(hours=1))
        current = signed_in(parent)
        page = current.get(reverse("accounts:account")).content.decode()
    assert page.count('class="govuk-summary-card"') == 1  # only this device


def test_ending_one_other_session_signs_that_device_out(parent: User, signed_in: SignedIn) -> None:
    laptop, phone = signed_in(parent), signed_in(parent)
    phone_session = UserSession.objects.get(session_key=phone.session.session_key)
    response = laptop.post(reverse("accounts:end-session", args=[phone_session.pk]))
    assert response["Location"] == reverse("accounts:account")
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert AuditEvent.objects.filter(
        action=AuditAction.SESSION_ENDED, actor_id=parent.pk, object_id=str(phone_session.pk)
    ).exists()


def test_nobody_can_end_someone_elses_session(parent: User, signed_in: SignedIn) -> None:
    other = a_parent()
    attacker, victim = signed_in(parent), signed_in(other)
    victim_session = UserSession.objects.get(user=other)
    response = attacker.post(reverse("accounts:end-session", args=[victim_session.pk]))
    assert response.status_code == 404
    assert is_signed_in(victim)


def test_ending_a_session_needs_a_post(parent: User, signed_in: SignedIn) -> None:
    laptop, phone = signed_in(parent), signed_in(parent)
    phone_session = UserSession.objects.get(session_key=phone.session.session_key)
    assert laptop.get(reverse("accounts:end-session", args=[phone_session.pk])).status_code == 405
    assert is_signed_in(phone)


def test_sign_out_everywhere_else_keeps_only_this_device(worker: User, signed_in: SignedIn) -> None:
    here, there, elsewhere = signed_in(worker), signed_in(worker), signed_in(worker)
    response = here.post(reverse("accounts:end-other-sessions"), follow=True)
    assert "Signed out of 2 other sessions." in response.content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(there)
    assert not is_signed_in(elsewhere)


def test_deactivating_a_person_ends_their_sessions_on_the_server(
    worker: User, signed_in: SignedIn
) -> None:
    admin = a_worker(role="administrator", team=None, organisation=worker.organisation)
    client = signed_in(worker)
    key = client.session.session_key
    services.deactivate_person(user=worker, deactivated_by=admin)
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=worker).exists()
    assert not is_signed_in(client)
    ended = AuditEvent.objects.get(action=AuditAction.SESSION_ENDED, object_id=str(worker.pk))
    assert ended.actor_id == admin.pk


def test_switching_someone_off_any_other_way_also_ends_their_sessions(
    parent: User, signed_in: SignedIn
) -> None:
    client = signed_in(parent)
    key = client.session.session_key
    parent.is_active = False
    parent.save()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_role_change_ends_the_persons_sessions(worker: User, signed_in: SignedIn) -> None:
    admin = a_worker(role="administrator", team=None, organisation=worker.organisation)
    client = signed_in(worker)
    services.change_role(user=worker, role="commissioner", changed_by=admin)
    assert not is_signed_in(client)
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_CHANGE, object_id=str(worker.pk))
    assert event.detail == {"from": "parent_support_worker", "to": "commissioner"}


def test_sessions_nobody_came_back_to_are_pruned(parent: User, signed_in: SignedIn) -> None:
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(START, tick=False) as traveller:
        abandoned = signed_in(parent)
        abandoned_key = abandoned.session.session_key
        traveller.shift(dt.timedelta(hours=1))
        live = signed_in(parent)
        out = StringIO()
        call_command("prune_sessions", stdout=out)
        assert "Removed 1 ended session(s)." in out.getvalue()
        assert not Session.objects.filter(session_key=abandoned_key).exists()
        assert UserSession.objects.filter(user=parent).count() == 1
        assert is_signed_in(live)
