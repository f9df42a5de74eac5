"""Security keys and passkeys (WebAuthn) by browser, with Chromium's virtual authenticator
standing in for a real key: add one after confirming identity, then sign in with it."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from relsafe.accounts.models import SecurityKey, User
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_worker
from tests.e2e.conftest import assert_accessible, current_code, sign_in
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(transactional_db: Any) -> User:
    person = a_worker(email="kim.keys@example.org", full_name="Kim Keys")
    TOTPDeviceFactory(user=person)
    return person


@pytest.fixture
def authenticator(page: Any) -> Any:
    """A platform authenticator that always verifies the user, like a passkey on a laptop."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def next_code(email: str) -> str:
    """The code after the one just used (as if the person waited 30 seconds)."""
    TOTPDevice.objects.filter(user__email=email).update(last_t=-1)
    return current_code(email)


def test_staff_add_a_security_key_and_sign_in_with_it(
    page: Any, worker: User, authenticator: Any
) -> None:
    sign_in(page, worker.email, TEST_PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Add a security key or passkey").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(next_code(worker.email))
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", name="Add a security key or passkey")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name this key").fill("Laptop passkey")
    page.get_by_role("button", name="Add security key").click()
    page.wait_for_url("**/account/")
    expect(page.get_by_text("'Laptop passkey' is added")).to_be_visible()
    assert SecurityKey.objects.filter(user=worker, name="Laptop passkey").exists()

    page.get_by_role("button", name="Sign out").first.click()
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Use your security key")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Use your security key").click()
    # "**/" would also match the code page itself; wait until the sign-in is over.
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    expect(page.get_by_role("link", name="Your account")).to_be_visible()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_ENROLLED, actor_id=worker.pk, detail__factor="security key"
    ).exists()
    key = SecurityKey.objects.get(user=worker)
    assert key.last_used_at is not None
