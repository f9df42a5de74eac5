"""Step-up re-authentication (ASVS 7.5.1, 7.5.3) and changing MFA from the account page
(ASVS 6.4.3, 7.4.3): optional for parents, replace-only for staff, both behind step-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import User
from relsafe.accounts.views import ACCOUNT_ENROL_KEY
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import code_for, enter_code, enter_password, is_signed_in
from tests.factories import TEST_PASSWORD

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SignedIn = Callable[[User], Client]
MFA_CHANGE = "/account/authenticator/"


def confirm(client: Client, user: User, next_url: str = MFA_CHANGE) -> Any:
    data = {"password": TEST_PASSWORD, "next": next_url}
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        data["code"] = code_for(device)
    return client.post(reverse("accounts:confirm-identity"), data)


def test_a_sensitive_page_asks_who_you_are_and_returns_you_there(
    worker: User, signed_in: SignedIn
) -> None:
    assert reverse("accounts:mfa-change") == MFA_CHANGE
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        response = client.get(MFA_CHANGE)
        assert (
            response["Location"]
            == f"{reverse('accounts:confirm-identity')}?{urlencode({'next': MFA_CHANGE})}"
        )
        page = client.get(response["Location"]).content.decode()
        assert "Confirm it is you" in page
        assert "Code from your authenticator app" in page
        assert confirm(client, worker)["Location"] == MFA_CHANGE
        assert client.get(MFA_CHANGE).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.REAUTHENTICATED, actor_id=worker.pk
    ).exists()


def test_the_confirmation_lasts_only_a_few_minutes(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(worker)
        confirm(client, worker)
        traveller.shift(dt.timedelta(seconds=settings.REAUTH_WINDOW_SECONDS - 5))
        assert client.get(MFA_CHANGE).status_code == 200
        traveller.shift(dt.timedelta(seconds=10))
        assert client.get(MFA_CHANGE)["Location"].startswith(reverse("accounts:confirm-identity"))


def test_staff_need_password_and_code_to_confirm(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        no_code = client.post(
            reverse("accounts:confirm-identity"), {"password": TEST_PASSWORD, "next": MFA_CHANGE}
        )
        wrong_password = client.post(
            reverse("accounts:confirm-identity"),
            {
                "password": "not my password at all",
                "code": code_for(TOTPDevice.objects.get(user=worker)),
            },
        )
    for response in (no_code, wrong_password):
        assert response.status_code == 200
        assert "Your password or code is not right" in response.content.decode()
    assert client.get(MFA_CHANGE).status_code == 302
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.MFA_FAILED, actor_id=worker.pk, reason="step-up refused"
        ).count()
        == 2
    )


def test_confirming_never_sends_you_off_site(parent: User, signed_in: SignedIn) -> None:
    client = signed_in(parent)
    response = confirm(client, parent, next_url="https://evil.example/")
    assert response["Location"] == reverse("core:start")


def test_a_parent_can_choose_to_add_an_authenticator(parent: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = signed_in(parent)
        account = client.get(reverse("accounts:account")).content.decode()
        assert "It is optional" in account
        # Parents confirm with their password only: they have no code yet.
        page = client.get(client.get(MFA_CHANGE)["Location"]).content.decode()
        assert "Code from your authenticator app" not in page
        assert confirm(client, parent)["Location"] == MFA_CHANGE
        assert "<svg" in client.get(MFA_CHANGE).content.decode()
        device = TOTPDevice.objects.get(pk=client.session[ACCOUNT_ENROL_KEY])
        response = client.post(MFA_CHANGE, {"code": code_for(device)})
        assert response["Location"] == reverse("accounts:recovery-codes")
        assert client.get(response["Location"]).content.decode().count("<li><code>") == 10
        traveller.shift(dt.timedelta(minutes=1))
        # From now on signing in asks for a code.
        fresh = Client()
        assert enter_password(fresh, parent.email)["Location"] == reverse("accounts:sign-in-code")
        assert enter_code(fresh, code_for(device))["Location"] == reverse("core:start")
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor_id=parent.pk).exists()


def test_staff_replace_their_authenticator_and_other_sessions_end(
    worker: User, signed_in: SignedIn
) -> None:
    old_device = TOTPDevice.objects.get(user=worker)
    with time_machine.travel(START, tick=False):
        client, other = signed_in(worker), signed_in(worker)
        confirm(client, worker)
        client.get(MFA_CHANGE)
        new_device = TOTPDevice.objects.get(pk=client.session[ACCOUNT_ENROL_KEY])
        wrong = client.post(MFA_CHANGE, {"code": "000000"})
        assert "The code is not right" in wrong.content.decode()
        assert TOTPDevice.objects.filter(pk=old_device.pk).exists()
    with time_machine.travel(START + dt.timedelta(seconds=40), tick=False):
        response = client.post(MFA_CHANGE, {"code": code_for(new_device)})
        assert response["Location"] == reverse("accounts:recovery-codes")
        assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
        # Still signed in here, now bound to the new device; the other session has ended.
        assert client.get(reverse("core:start")).status_code == 200
        assert not is_signed_in(other)


def test_staff_cannot_stop_using_an_authenticator(worker: User, signed_in: SignedIn) -> None:
    client = signed_in(worker)
    assert client.get(reverse("accounts:mfa-remove")).status_code == 403
    assert "Stop using" not in client.get(reverse("accounts:account")).content.decode()
    assert TOTPDevice.objects.filter(user=worker).exists()


def test_a_parent_can_stop_using_an_authenticator_after_confirming(
    parent: User, signed_in: SignedIn
) -> None:
    device = TOTPDevice.objects.create(user=parent, name="Phone", confirmed=True)
    StaticDevice.objects.create(user=parent, name="Recovery codes", confirmed=True)
    with time_machine.travel(START, tick=False):
        client = signed_in(parent)
        assert client.post(reverse("accounts:mfa-remove"))["Location"].startswith(
            reverse("accounts:confirm-identity")
        )
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        confirm(client, parent, next_url=reverse("accounts:mfa-remove"))
        assert (
            "Stop using an authenticator app"
            in client.get(reverse("accounts:mfa-remove")).content.decode()
        )
        response = client.post(reverse("accounts:mfa-remove"))
        assert response["Location"] == reverse("accounts:account")
        assert is_signed_in(client)
    assert not TOTPDevice.objects.filter(user=parent).exists()
    assert not StaticDevice.objects.filter(user=parent).exists()
    assert enter_password(Client(), parent.email)["Location"] == reverse("core:start")


def test_repeated_failed_confirmations_end_the_session(parent: User, signed_in: SignedIn) -> None:
    """Someone who took over a signed-in session cannot guess the password at leisure."""
    client = signed_in(parent)
    for _ in range(4):
        response = client.post(
            reverse("accounts:confirm-identity"), {"password": "guess number something"}
        )
        assert response.status_code == 200
    response = client.post(reverse("accounts:confirm-identity"), {"password": "last guess here"})
    assert response["Location"] == reverse("accounts:sign-in")
    assert not is_signed_in(client)
