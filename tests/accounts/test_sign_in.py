"""Two-step sign-in: identical answers for unknown people, session rotation, MFA for staff."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import services
from relsafe.accounts.models import User, UserSession
from relsafe.accounts.views import BAD_CREDENTIALS, MAX_CODE_ATTEMPTS, PENDING_KEY
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import (
    a_parent,
    a_worker,
    code_for,
    enter_code,
    enter_password,
    is_signed_in,
)

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class CountingArgon2Hasher(Argon2PasswordHasher):
    """Argon2id that counts the hashes it computes: the expensive step that would make timing
    differ between known and unknown emails. Cheap parameters: the count matters, not the cost."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1
    computed: list[str] = []

    def encode(self, password: str, salt: str) -> str:
        self.computed.append("encode")
        return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        self.computed.append("verify")
        return super().verify(password, encoded)


def _error_text(response: Any) -> str:
    return response.content.decode()


def test_a_parent_signs_in_with_email_and_password(parent: User) -> None:
    client = Client()
    response = enter_password(client, parent.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    assert is_signed_in(client)
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor_id=parent.pk).exists()
    assert UserSession.objects.filter(user=parent).count() == 1


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(parent: User) -> None:
    wrong_password = enter_password(Client(), parent.email, "not the right password at all")
    unknown_email = enter_password(Client(), "nobody-here@example.org", "not the right password")
    inactive = a_parent(is_active=False)
    inactive_right_password = enter_password(Client(), inactive.email)
    for response in (wrong_password, unknown_email, inactive_right_password):
        assert response.status_code == 200
        assert BAD_CREDENTIALS in _error_text(response)
        assert "Error: Sign in" in _error_text(response)
    # The page differs only in the email echoed back, the CSRF token and the CSP nonce.
    strip = (parent.email, "nobody-here@example.org", inactive.email)

    def normalise(response: Any) -> str:
        text = re.sub(r'nonce="[^"]+"', 'nonce=""', _error_text(response))
        for value in strip:
            text = text.replace(value, "EMAIL")
        return "\n".join(line for line in text.splitlines() if "csrf" not in line.lower())

    assert (
        normalise(wrong_password) == normalise(unknown_email) == normalise(inactive_right_password)
    )
    failures = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert set(failures.values_list("actor_email", flat=True)) >= {
        parent.email,
        "nobody-here@example.org",
    }


@override_settings(PASSWORD_HASHERS=["tests.accounts.test_sign_in.CountingArgon2Hasher"])
def test_unknown_email_costs_the_same_hashing_as_a_wrong_password(db: Any) -> None:
    """ASVS 6.3.8: timing must not tell an attacker which emails have accounts.

    Hashing is what costs time, so each path must compute exactly one Argon2id hash: a known
    email verifies the stored hash, an unknown one hashes a dummy (Django's ModelBackend). Counted
    rather than timed so that a busy machine cannot fail or pass it by luck; the measured times
    are in ``bench/sign_in_timing.py``.
    """
    known = a_parent(email="known.person@example.org", password="the known password here")
    computed = CountingArgon2Hasher.computed

    def hashes_for(email: str, address: str) -> list[str]:
        computed.clear()
        response = enter_password(Client(REMOTE_ADDR=address), email, "a wrong password entirely")
        assert BAD_CREDENTIALS in response.content.decode()
        return list(computed)

    assert hashes_for(known.email, "10.20.0.1") == ["verify"]
    assert hashes_for("nobody.here@example.org", "10.20.0.2") == ["encode"]
    # A staff member with an authenticator: the same single hash before the code step.
    staff = a_worker(email="known.worker@example.org", password="the known password here too")
    assert hashes_for(staff.email, "10.20.0.3") == ["verify"]


def test_the_session_key_changes_when_a_parent_signs_in(parent: User) -> None:
    client = Client()
    session = client.session
    session["seen_cookie_notice"] = True
    session.save()
    before = session.session_key
    enter_password(client, parent.email)
    after = client.session.session_key
    assert before
    assert after
    assert before != after
    assert not Session.objects.filter(session_key=before).exists()
    assert is_signed_in(client)


def test_the_session_key_changes_at_each_step_of_a_staff_sign_in(worker: User) -> None:
    client = Client()
    session = client.session
    session["seen_cookie_notice"] = True
    session.save()
    anonymous_key = session.session_key
    enter_password(client, worker.email)
    pending_key = client.session.session_key
    enter_code(client, code_for(TOTPDevice.objects.get(user=worker)))
    signed_in_key = client.session.session_key
    assert len({anonymous_key, pending_key, signed_in_key}) == 3
    assert is_signed_in(client)


def test_staff_with_an_authenticator_must_enter_a_code(worker: User) -> None:
    client = Client()
    response = enter_password(client, worker.email)
    assert response["Location"] == reverse("accounts:sign-in-code")
    # The password alone opens nothing.
    assert not is_signed_in(client)
    assert client.get(reverse("core:start")).status_code == 302
    response = enter_code(client, code_for(TOTPDevice.objects.get(user=worker)))
    assert response["Location"] == reverse("core:start")
    assert is_signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY]


def test_staff_without_an_authenticator_must_set_one_up_first(db: Any) -> None:
    newcomer = a_worker()
    client = Client()
    response = enter_password(client, newcomer.email)
    assert response["Location"] == reverse("accounts:mfa-setup")
    assert not is_signed_in(client)
    page = client.get(reverse("accounts:mfa-setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    wrong = client.post(reverse("accounts:mfa-setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    assert not is_signed_in(client)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=31), tick=False):
        response = client.post(reverse("accounts:mfa-setup"), {"code": code_for(device)})
        assert response["Location"] == reverse("accounts:recovery-codes")
        codes_page = client.get(reverse("accounts:recovery-codes")).content.decode()
        assert codes_page.count("<li><code>") == 10  # "ten single-use recovery codes" (README)
        assert is_signed_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor_id=newcomer.pk).exists()


def test_a_staff_session_that_skipped_mfa_is_ended(worker: User) -> None:
    """However a session was made (here force_login, no OTP device in it), staff without MFA
    are signed out on their next request."""
    client = Client()
    client.force_login(worker, backend="relsafe.accounts.backends.EmailBackend")
    key = client.session.session_key
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in")
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, reason="staff session without MFA"
    ).exists()


def test_a_parent_may_add_an_authenticator_and_is_then_asked_for_a_code(parent: User) -> None:
    device = TOTPDevice.objects.create(user=parent, name="Phone", confirmed=True)
    client = Client()
    assert enter_password(client, parent.email)["Location"] == reverse("accounts:sign-in-code")
    assert enter_code(client, code_for(device))["Location"] == reverse("core:start")


def test_a_recovery_code_works_once_and_only_once(worker: User) -> None:
    codes = services.issue_recovery_codes(user=worker)
    first = Client()
    enter_password(first, worker.email)
    response = enter_code(first, codes[0].upper().replace("-", " - "))
    assert response["Location"] == reverse("core:start")
    start = first.get(response["Location"])
    assert "You signed in with a recovery code. You have 9 left" in start.content.decode()
    second = Client()
    enter_password(second, worker.email)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=1), tick=False):
        refused = enter_code(second, codes[0])
    assert refused.status_code == 200
    assert "The code is not right" in refused.content.decode()
    assert not is_signed_in(second)
    assert services.recovery_codes_left(worker) == 9


@time_machine.travel(START, tick=False)
def test_a_wrong_code_is_counted_audited_and_throttled(worker: User) -> None:
    device = TOTPDevice.objects.get(user=worker)
    client = Client()
    enter_password(client, worker.email)
    response = enter_code(client, "123456" if code_for(device) != "123456" else "654321")
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    event = AuditEvent.objects.get(action=AuditAction.MFA_FAILED, actor_id=worker.pk)
    assert event.detail == {"attempt": 1}
    # Straight after a failure even the right code waits (django-otp's doubling delay).
    assert enter_code(client, code_for(device)).status_code == 200
    assert not is_signed_in(client)


@time_machine.travel(START, tick=False)
def test_too_many_wrong_codes_end_the_half_finished_sign_in(worker: User) -> None:
    client = Client()
    enter_password(client, worker.email)
    for _ in range(MAX_CODE_ATTEMPTS - 1):
        assert enter_code(client, "000000").status_code == 200
    response = enter_code(client, "000000")
    assert response["Location"] == reverse("accounts:sign-in")
    assert PENDING_KEY not in client.session
    assert client.get(reverse("accounts:sign-in-code"))["Location"] == reverse("accounts:sign-in")
    assert (
        AuditEvent.objects.filter(action=AuditAction.MFA_FAILED, actor_id=worker.pk).count()
        == MAX_CODE_ATTEMPTS
    )


def test_a_half_finished_sign_in_expires_after_five_minutes(worker: User) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        enter_password(client, worker.email)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        response = enter_code(client, code_for(TOTPDevice.objects.get(user=worker)))
    assert response["Location"] == reverse("accounts:sign-in")
    assert not is_signed_in(client)


def test_sign_in_returns_only_to_pages_on_this_site(parent: User) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:sign-in"),
        {
            "email": parent.email,
            "password": "a long test password for everyone",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("core:start")
    client2 = Client()
    response = client2.post(
        reverse("accounts:sign-in"),
        {
            "email": parent.email,
            "password": "a long test password for everyone",
            "next": "/account/",
        },
    )
    assert response["Location"] == "/account/"


def test_signing_out_ends_the_session_on_the_server(parent: User) -> None:
    client = Client()
    enter_password(client, parent.email)
    key = client.session.session_key
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:sign-in")
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor_id=parent.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_in_person_visiting_sign_in_goes_to_their_start_page(
    parent: User, method: str
) -> None:
    client = Client()
    enter_password(client, parent.email)
    response = getattr(client, method)(reverse("accounts:sign-in"))
    assert response["Location"] == reverse("core:start")


def test_the_password_alone_cannot_add_a_new_authenticator_in_place_of_the_existing_one(
    worker: User,
) -> None:
    """Someone with only the password of a person who has an authenticator must not reach the
    first-sign-in set-up page, add their own app there and be signed in by it."""
    client = Client()
    assert enter_password(client, worker.email)["Location"] == reverse("accounts:sign-in-code")
    response = client.get(reverse("accounts:mfa-setup"))
    assert response["Location"] == reverse("accounts:sign-in-code")
    assert not TOTPDevice.objects.filter(user=worker, confirmed=False).exists()
    # Posting a code from an app of their own is no use either.
    planted = TOTPDevice.objects.create(user=worker, name="Attacker's app", confirmed=False)
    session = client.session
    session["pending_totp_device"] = planted.pk
    session.save()
    client.post(reverse("accounts:mfa-setup"), {"code": code_for(planted)})
    assert not is_signed_in(client)
    planted.refresh_from_db()
    assert not planted.confirmed
    assert TOTPDevice.objects.filter(user=worker, confirmed=True).count() == 1
