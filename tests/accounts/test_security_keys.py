"""Security keys (WebAuthn) on the server side: what is refused and audited. The full ceremony
with a (virtual) authenticator is in tests/e2e/test_security_keys.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from webauthn.helpers import bytes_to_base64url

from relsafe.accounts import services
from relsafe.accounts.models import SecurityKey, User
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import (
    a_parent,
    a_worker,
    code_for,
    enter_code,
    enter_password,
    is_signed_in,
)
from tests.accounts.test_reauth_and_mfa import START, confirm
from tests.conftest import identity_confirmed
from tests.factories import TOTPDeviceFactory

SignedIn = Callable[[User], Client]


def a_key(user: User, name: str = "Blue key") -> SecurityKey:
    return SecurityKey.objects.create(
        user=user,
        name=name,
        confirmed=True,
        # A credential id is base64url of the key's bytes (any length, not just this database's ids).
        credential_id=bytes_to_base64url(f"cred-{user.pk}-{name}".encode()),
        public_key=b"not-a-real-key",
    )


def test_staff_with_only_a_security_key_are_asked_for_it(db: object) -> None:
    person = a_worker()
    a_key(person)
    client = Client()
    assert enter_password(client, person.email)["Location"] == reverse("accounts:sign-in-code")
    page = client.get(reverse("accounts:sign-in-code")).content.decode()
    assert "Use your security key" in page
    assert "data-webauthn-options" in page
    # A fresh single-use challenge waits in the session for the key to sign.
    assert client.session[services.WEBAUTHN_CHALLENGE_KEY]


def test_a_forged_key_response_is_refused_counted_and_audited(db: object) -> None:
    person = a_worker()
    key = a_key(person)
    client = Client()
    enter_password(client, person.email)
    client.get(reverse("accounts:sign-in-code"))
    forged = json.dumps(
        {"id": key.credential_id, "rawId": key.credential_id, "type": "public-key", "response": {}}
    )
    response = client.post(reverse("accounts:sign-in-code"), {"webauthn_response": forged})
    assert response.status_code == 200
    assert "Your security key was not accepted" in response.content.decode()
    assert not is_signed_in(client)
    event = AuditEvent.objects.get(action=AuditAction.MFA_FAILED, actor_id=person.pk, detail={})
    assert event.reason.startswith("security key refused")
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, actor_id=person.pk, detail={"attempt": 1}
    ).exists()


def test_someone_elses_key_cannot_sign_you_in(db: object) -> None:
    person, other = a_worker(), a_worker()
    a_key(person)
    others_key = a_key(other, "Other key")
    client = Client()
    enter_password(client, person.email)
    client.get(reverse("accounts:sign-in-code"))
    response = client.post(
        reverse("accounts:sign-in-code"),
        {"webauthn_response": json.dumps({"id": others_key.credential_id})},
    )
    assert "Your security key was not accepted" in response.content.decode()
    assert not is_signed_in(client)


def test_adding_a_key_needs_step_up(worker: User, signed_in: SignedIn) -> None:
    client = signed_in(worker)
    response = client.get(reverse("accounts:security-key-add"))
    assert response["Location"].startswith(reverse("accounts:confirm-identity"))


def test_a_failed_registration_adds_nothing(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        confirm(client, worker, next_url=reverse("accounts:security-key-add"))
        page = client.get(reverse("accounts:security-key-add"))
        assert "Add a security key or passkey" in page.content.decode()
        response = client.post(
            reverse("accounts:security-key-add"),
            {"name": "Desk key", "webauthn_response": json.dumps({"id": "x", "response": {}})},
        )
    assert "The key was not added" in response.content.decode()
    assert not SecurityKey.objects.filter(user=worker).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED,
        actor_id=worker.pk,
        reason__startswith="security key not added",
    ).exists()


def test_people_remove_only_their_own_keys(worker: User, signed_in: SignedIn) -> None:
    mine, theirs = a_key(worker), a_key(a_worker(), "Theirs")
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        confirm(client, worker, next_url=reverse("accounts:account"))
        assert (
            client.get(reverse("accounts:security-key-remove", args=[theirs.pk])).status_code == 404
        )
        assert (
            client.post(reverse("accounts:security-key-remove", args=[theirs.pk])).status_code
            == 404
        )
        response = client.post(reverse("accounts:security-key-remove", args=[mine.pk]))
    assert response["Location"] == reverse("accounts:account")
    assert not SecurityKey.objects.filter(pk=mine.pk).exists()
    assert SecurityKey.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_reset_removes_security_keys_too(worker: User) -> None:
    a_key(worker)
    services.remove_authenticator(user=worker, removed_by=None, reason="administrator reset")
    assert not SecurityKey.objects.filter(user=worker).exists()
    assert enter_password(Client(), worker.email)["Location"] == reverse("accounts:mfa-setup")


# --- When staff must use a security key (STAFF_REQUIRE_SECURITY_KEY) -------------------------------


def test_with_keys_required_staff_with_a_key_cannot_sign_in_with_an_app_code(
    db: object, settings: Any
) -> None:
    settings.STAFF_REQUIRE_SECURITY_KEY = True
    person = a_worker()
    device = TOTPDeviceFactory(user=person)
    a_key(person)
    client = Client()
    enter_password(client, person.email)
    page = client.get(reverse("accounts:sign-in-code")).content.decode()
    assert "Recovery code, if you have lost your security key" in page
    refused = enter_code(client, code_for(device))
    assert "Use your security key, or enter one of your recovery codes" in refused.content.decode()
    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, object_id=str(person.pk)
    ).exists()
    # A recovery code still works, for a lost key.
    recovery = services.issue_recovery_codes(user=person)[0]
    assert enter_code(client, recovery).status_code == 302
    assert is_signed_in(client)


def test_with_keys_required_staff_without_a_key_must_add_one_first(
    db: object, settings: Any, signed_in: SignedIn
) -> None:
    settings.STAFF_REQUIRE_SECURITY_KEY = True
    person = a_worker()
    client = signed_in(person)
    add = reverse("accounts:security-key-add")
    for url in (reverse("core:start"), reverse("cases:caseload")):
        assert client.get(url)["Location"] == add
    assert client.get(reverse("accounts:account")).status_code == 200
    asked = client.get(add)  # step-up first, then the page says why
    assert asked["Location"].startswith(reverse("accounts:confirm-identity"))
    page = identity_confirmed(client).get(add).content.decode()
    assert "Your organisation asks all staff to sign in with a security key" in page
    # With a key, the person carries on, and cannot remove their only one.
    key = a_key(person)
    assert client.get(reverse("core:start")).status_code == 200
    client.post(reverse("accounts:security-key-remove", args=[key.pk]))
    assert SecurityKey.objects.filter(pk=key.pk).exists()


def test_parents_are_never_asked_for_a_key(db: object, settings: Any, signed_in: SignedIn) -> None:
    settings.STAFF_REQUIRE_SECURITY_KEY = True
    parent = a_parent()
    assert signed_in(parent).get(reverse("core:start")).status_code == 200


def test_keys_are_required_in_production_settings() -> None:
    import os
    import subprocess
    import sys

    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relsafe.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "relsafe.example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": "postgresql://relsafe@127.0.0.1:5432/relsafe",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "django.setup(); print(settings.STAFF_REQUIRE_SECURITY_KEY)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "True"
