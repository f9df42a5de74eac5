"""Sam's long note survives being signed out: the page keeps a draft as he types, and when he
signs in again and opens the form, he restores it with one click."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from relsafe.drafts.models import Draft
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
NOTE = (
    "Jayden told me the boxing club is where he feels safest, and that his uncle picks him up "
    "on Thursdays. Precious wants to talk about the county trials."
)


def _sign_in_again(page: Any) -> None:
    """The two-step sign-in once more, with the next step's code (codes are single-use)."""
    page.get_by_label("Email address").fill(SAM)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    device = TOTPDevice.objects.get(user__email=SAM, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + 1
    )
    page.get_by_label("Code from your authenticator app").fill(str(code).zfill(device.digits))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/sign-in/" not in url)
    page.wait_for_load_state()


def test_a_note_typed_before_a_timeout_is_restored_after_signing_in_again(
    page: Any, demo_world: Any, settings: Any
) -> None:
    settings.DRAFT_AUTOSAVE_SECONDS = 1  # the page waits 20 s after typing stops in real use
    form = f"/records/families/{demo_world.families['jayden'].pk}/contacts/new/"
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(form)
    page.get_by_label("What was discussed").fill(NOTE)
    status = page.locator("#draft-status")
    status.get_by_text("Draft saved at").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert_accessible(page)

    # The session ends as a timeout would end it: the browser's cookies are gone.
    page.context.clear_cookies()
    page.goto(form)
    assert "/account/sign-in/" in page.url
    _sign_in_again(page)
    page.goto(form)
    banner = page.get_by_role("region", name="Important")
    expect(banner.get_by_text("You have unsaved text from")).to_be_visible()
    assert page.get_by_label("What was discussed").input_value() == ""
    assert_accessible(page)

    banner.get_by_role("link", name="Restore it").click()
    expect(page.get_by_label("What was discussed")).to_have_value(NOTE)
    expect(page.get_by_text("You have unsaved text from")).to_have_count(0)
    page.wait_for_load_state()
    assert_accessible(page)
    assert Draft.objects.filter(owner__email=SAM).count() == 1
