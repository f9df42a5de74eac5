"""The two-step sign-in and step-up as services, called directly (as a command or the future API
would): each step's outcome, what the session holds between steps, and what is audited."""

from __future__ import annotations

import datetime as dt
import json
from importlib import import_module
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import services
from relsafe.accounts.models import User
from relsafe.accounts.reauth import recently_reauthenticated
from relsafe.accounts.services import IdentityCheck, SignInStep
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent, a_worker, code_for
from tests.factories import TEST_PASSWORD

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WRONG = "not the right password at all"


class Browser:
    """One browser's session across requests, as the session middleware would keep it."""

    def __init__(self, address: str = "198.51.100.20") -> None:
        engine = import_module(settings.SESSION_ENGINE)
        self.session: SessionBase = engine.SessionStore()
        self.user: Any = AnonymousUser()
        self.address = address

    def request(self) -> HttpRequest:
        request = RequestFactory().post("/account/sign-in/", REMOTE_ADDR=self.address)
        request.session = self.session
        request.user = self.user
        return request

    def signed_in_as(self) -> int | None:
        value = self.session.get(SESSION_KEY)
        return int(value) if value is not None else None

    def start(self, user: User, password: str = TEST_PASSWORD, next_url: str = "/") -> Any:
        request = self.request()
        result = services.start_sign_in(
            request=request, email=user.email, password=password, next_url=next_url
        )
        self.user = request.user
        return result

    def code(self, code: str) -> Any:
        request = self.request()
        result = services.complete_sign_in_with_code(request=request, code=code)
        self.user = request.user
        return result


def _wrong_code(device: TOTPDevice) -> str:
    return "123456" if code_for(device) != "123456" else "654321"


def test_a_parent_without_a_second_factor_is_signed_in_by_the_password(db: Any) -> None:
    parent = a_parent()
    browser = Browser()
    with time_machine.travel(START, tick=False):
        result = browser.start(parent, next_url="/account/")
    assert result.step is SignInStep.SIGNED_IN
    assert result.user == parent
    assert result.next_url == "/account/"
    assert browser.signed_in_as() == parent.pk
    assert services.PENDING_KEY not in browser.session
    # The session policy's clocks start now.
    assert browser.session[services.SIGNED_IN_AT_KEY] == START.timestamp()
    assert browser.session[services.LAST_ACTIVITY_KEY] == START.timestamp()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor_id=parent.pk).exists()


def test_a_wrong_password_is_refused_leaves_nothing_and_is_audited(db: Any) -> None:
    parent = a_parent()
    browser = Browser()
    result = browser.start(parent, password=WRONG)
    assert result.step is SignInStep.REFUSED
    assert result.user is None
    assert services.PENDING_KEY not in browser.session
    assert browser.signed_in_as() is None
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, actor_email=parent.email
    ).exists()


def test_an_emails_case_and_spaces_do_not_matter(db: Any) -> None:
    parent = a_parent(email="casey.parent@example.org")
    result = services.start_sign_in(
        request=Browser().request(),
        email="  Casey.Parent@Example.org ",
        password=TEST_PASSWORD,
        next_url="/",
    )
    assert result.step is SignInStep.SIGNED_IN
    assert result.user == parent


def test_staff_with_an_authenticator_get_only_a_pending_marker_in_a_new_session(
    worker: User,
) -> None:
    browser = Browser()
    browser.session["seen_cookie_notice"] = True
    browser.session.save()
    before = browser.session.session_key
    result = browser.start(worker, next_url="/records/search/")
    assert result.step is SignInStep.CODE
    assert browser.session.session_key != before
    assert browser.signed_in_as() is None
    pending = browser.session[services.PENDING_KEY]
    assert pending["user_id"] == worker.pk
    assert pending["next"] == "/records/search/"
    assert services.pending_sign_in_user(browser.request()) == worker


def test_the_right_code_signs_in_binds_the_device_and_goes_where_they_were_going(
    worker: User,
) -> None:
    device = TOTPDevice.objects.get(user=worker)
    browser = Browser()
    browser.start(worker, next_url="/records/search/")
    result = browser.code(code_for(device))
    assert result.step is SignInStep.SIGNED_IN
    assert result.next_url == "/records/search/"
    assert result.recovery_codes_left is None
    assert browser.signed_in_as() == worker.pk
    assert browser.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert services.PENDING_KEY not in browser.session


@time_machine.travel(START, tick=False)
def test_wrong_codes_are_counted_and_the_fifth_ends_the_half_finished_sign_in(
    worker: User,
) -> None:
    device = TOTPDevice.objects.get(user=worker)
    browser = Browser()
    browser.start(worker)
    for attempt in range(1, services.MAX_CODE_ATTEMPTS):
        result = browser.code(_wrong_code(device))
        assert result.step is SignInStep.REFUSED
        assert browser.session[services.PENDING_KEY]["failures"] == attempt
    assert browser.code(_wrong_code(device)).step is SignInStep.TOO_MANY_ATTEMPTS
    assert services.PENDING_KEY not in browser.session
    # Even the right code is no use now: the password is needed again.
    assert browser.code(code_for(device)).step is SignInStep.EXPIRED
    assert browser.signed_in_as() is None
    attempts = AuditEvent.objects.filter(action=AuditAction.MFA_FAILED, actor_id=worker.pk)
    assert sorted(e.detail["attempt"] for e in attempts) == [1, 2, 3, 4, 5]
    assert all(code_for(device) not in json.dumps(e.detail) for e in attempts)


def test_a_recovery_code_says_how_many_are_left(worker: User) -> None:
    codes = services.issue_recovery_codes(user=worker)
    browser = Browser()
    browser.start(worker)
    result = browser.code(codes[3])
    assert result.step is SignInStep.SIGNED_IN
    assert result.recovery_codes_left == services.RECOVERY_CODE_COUNT - 1


def test_the_pending_marker_lasts_five_minutes(worker: User) -> None:
    browser = Browser()
    with time_machine.travel(START, tick=False) as traveller:
        browser.start(worker)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        assert services.pending_sign_in_user(browser.request()) is None
        result = browser.code(code_for(TOTPDevice.objects.get(user=worker)))
    assert result.step is SignInStep.EXPIRED
    assert browser.signed_in_as() is None


def test_no_step_two_without_step_one(worker: User) -> None:
    browser = Browser()
    assert browser.code(code_for(TOTPDevice.objects.get(user=worker))).step is SignInStep.EXPIRED
    key = services.complete_sign_in_with_key(request=browser.request(), response="{}")
    assert key.step is SignInStep.EXPIRED
    assert services.sign_in_enrolment_device(request=browser.request()) is None
    new_app = services.complete_sign_in_with_new_authenticator(
        request=browser.request(), code="000000"
    )
    assert new_app.step is SignInStep.EXPIRED
    assert browser.signed_in_as() is None


def test_a_deactivated_person_cannot_finish_a_sign_in_they_started(worker: User) -> None:
    browser = Browser()
    browser.start(worker)
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert browser.code(code_for(TOTPDevice.objects.get(user=worker))).step is SignInStep.EXPIRED


def test_a_refused_security_key_counts_as_a_wrong_code(worker: User) -> None:
    browser = Browser()
    browser.start(worker)
    forged = json.dumps({"id": "not-a-key", "rawId": "not-a-key", "type": "public-key"})
    result = services.complete_sign_in_with_key(request=browser.request(), response=forged)
    assert result.step is SignInStep.REFUSED
    assert browser.session[services.PENDING_KEY]["failures"] == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, actor_id=worker.pk, detail={"attempt": 1}
    ).exists()


def test_staff_without_a_second_factor_add_an_authenticator_to_finish(db: Any) -> None:
    newcomer = a_worker()
    browser = Browser()
    assert browser.start(newcomer).step is SignInStep.SET_UP_AUTHENTICATOR
    assert services.pending_sign_in_needs_authenticator(browser.request())
    device = services.sign_in_enrolment_device(request=browser.request())
    assert device is not None
    assert not device.confirmed
    # Reloading the page keeps the same QR code.
    assert services.sign_in_enrolment_device(request=browser.request()) == device
    # A code is no use at the code step: there is no confirmed device to match.
    assert browser.code("000000").step is SignInStep.EXPIRED
    wrong = services.complete_sign_in_with_new_authenticator(
        request=browser.request(), code=_wrong_code(device)
    )
    assert wrong.step is SignInStep.REFUSED
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=31), tick=False):
        request = browser.request()
        result = services.complete_sign_in_with_new_authenticator(
            request=request, code=code_for(device)
        )
    assert result.step is SignInStep.SIGNED_IN
    assert len(result.new_recovery_codes) == services.RECOVERY_CODE_COUNT
    assert browser.session.get(SESSION_KEY) == str(newcomer.pk)
    assert services.ENROL_KEY not in browser.session
    device.refresh_from_db()
    assert device.confirmed


def test_the_password_alone_never_replaces_an_existing_second_factor(worker: User) -> None:
    """Someone who knows only the password of a person with an authenticator cannot reach the
    'add an authenticator' step to enrol their own and sign in with it."""
    existing = TOTPDevice.objects.get(user=worker)
    browser = Browser()
    assert browser.start(worker).step is SignInStep.CODE
    assert not services.pending_sign_in_needs_authenticator(browser.request())
    assert services.sign_in_enrolment_device(request=browser.request()) is None
    attacker_device = services.start_totp_enrolment(user=worker)
    browser.session[services.ENROL_KEY] = attacker_device.pk
    result = services.complete_sign_in_with_new_authenticator(
        request=browser.request(), code=code_for(attacker_device)
    )
    assert result.step is SignInStep.EXPIRED
    assert browser.signed_in_as() is None
    assert list(TOTPDevice.objects.filter(user=worker, confirmed=True)) == [existing]


@time_machine.travel(START, tick=False)
def test_repeated_wrong_passwords_from_one_address_end_locked_out(db: Any) -> None:
    parent = a_parent()
    browser = Browser(address="203.0.113.7")
    steps = [browser.start(parent, password=WRONG).step for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert steps[:-1] == [SignInStep.REFUSED] * (settings.AXES_FAILURE_LIMIT - 1)
    assert steps[-1] is SignInStep.LOCKED_OUT
    # The right password changes nothing while the lock lasts.
    assert browser.start(parent).step is SignInStep.LOCKED_OUT
    assert browser.signed_in_as() is None
    # From another address the person still signs in.
    assert Browser(address="198.51.100.99").start(parent).step is SignInStep.SIGNED_IN


def _signed_in_request(user: User) -> HttpRequest:
    browser = Browser()
    browser.start(user)
    if user.is_staff_role:
        browser.code(code_for(TOTPDevice.objects.get(user=user)))
    return browser.request()


@time_machine.travel(START, tick=False)
def test_confirming_identity_needs_the_password_and_for_staff_a_fresh_code(worker: User) -> None:
    device = TOTPDevice.objects.get(user=worker)
    request = _signed_in_request(worker)
    assert services.confirm_identity(request=request, password=TEST_PASSWORD) is (
        IdentityCheck.REFUSED
    )
    assert not recently_reauthenticated(request)
    with time_machine.travel(START + dt.timedelta(seconds=31), tick=False):
        outcome = services.confirm_identity(
            request=request, password=TEST_PASSWORD, code=f" {code_for(device)} "
        )
    assert outcome is IdentityCheck.CONFIRMED
    assert recently_reauthenticated(request)
    assert services.REAUTH_FAILURES_KEY not in request.session
    assert AuditEvent.objects.filter(
        action=AuditAction.REAUTHENTICATED, actor_id=worker.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, actor_id=worker.pk, reason="step-up refused"
    ).exists()


def test_a_parent_without_a_second_factor_confirms_with_the_password(db: Any) -> None:
    request = _signed_in_request(a_parent())
    assert services.confirm_identity(request=request, password=WRONG) is IdentityCheck.REFUSED
    assert services.confirm_identity(request=request, password=TEST_PASSWORD) is (
        IdentityCheck.CONFIRMED
    )


def test_too_many_failed_confirmations_end_the_session(db: Any) -> None:
    parent = a_parent()
    request = _signed_in_request(parent)
    outcomes = [
        services.confirm_identity(request=request, password=WRONG)
        for _ in range(services.MAX_CODE_ATTEMPTS)
    ]
    assert outcomes[-1] is IdentityCheck.SIGNED_OUT
    assert set(outcomes[:-1]) == {IdentityCheck.REFUSED}
    assert not request.user.is_authenticated
    assert SESSION_KEY not in request.session


def test_nobody_signed_out_can_confirm_who_they_are(db: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.confirm_identity(request=Browser().request(), password=TEST_PASSWORD)
