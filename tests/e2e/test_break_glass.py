"""Journey 6 (PRODUCT.md §9): a duty manager from another team opens Jayden's family in an
emergency, with a reason and after confirming who they are; Sam is told; Dana reviews it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, current_code, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MORGAN = "morgan@parents-together.example"
REASON = "Jayden's mum rang at 2 am: he is missing and police need his trusted adults now."


def next_step_code(email: str) -> str:
    """The code for confirming who you are just after signing in: the one used to sign in
    cannot be used again, so this is a later step's (``current_code`` knows the device's last)."""
    return current_code(email)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    page.wait_for_load_state()


def test_duty_manager_uses_emergency_access_and_it_is_told_and_reviewed(
    page: Any, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    family_url = f"/families/{family.pk}/"

    # Morgan cannot open Jayden's family, and the 404 gives no hint that it exists (it tells a
    # manager that emergency access exists, on any family's address).
    sign_in(page, MORGAN, DEMO_PASSWORD)
    response = page.goto(family_url)
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert "Jayden" not in page.content()
    assert_accessible(page)

    # Emergency access asks Morgan to confirm who they are first.
    expect(page.get_by_role("link", name="Use emergency access")).to_be_visible()
    page.get_by_role("link", name="Emergency access", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(next_step_code(MORGAN))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Emergency access", exact=True)).to_be_visible()
    assert_accessible(page)

    # A reason code and a reason are both required, with clear messages by each field.
    page.get_by_label("Family reference").fill("RS-0001")
    page.get_by_role("button", name="Open the family with emergency access").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Choose why you need emergency access").first).to_be_visible()
    assert page.get_by_label("Family reference").input_value() == "RS-0001"
    assert_accessible(page)

    page.get_by_label("Child reported missing").check()
    page.get_by_label("Tell us what is happening").fill(REASON)
    page.get_by_role("button", name="Open the family with emergency access").click()
    expect(page).to_have_url(re.compile(re.escape(family_url) + "$"))
    expect(page.get_by_role("heading", level=1, name="Jayden's family (Mensah)")).to_be_visible()
    banner = page.get_by_text(re.compile(r"You are using emergency access until \d\d:\d\d"))
    expect(banner).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)

    # Morgan ends it; the family is closed again at once.
    page.get_by_role("button", name="End emergency access now").click()
    expect(page.get_by_text("Emergency access to RS-0001 has ended.")).to_be_visible()
    assert_accessible(page)
    assert page.goto(family_url).status == 404
    sign_out(page)

    # Sam, Jayden's worker, sees the message; the email said only "sign in to read it".
    assert "sam@parents-together.example" in [m.to[0] for m in mail.outbox]
    assert {m.body for m in mail.outbox} == {
        "There is a new message in relsafe — sign in to read it."
    }
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    expect(page.get_by_text("1 unread")).to_be_visible()
    expect(page.get_by_text("Morgan Reid used emergency access to family RS-0001")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Dana, another manager in the charity, reviews it as justified.
    sign_in(page, "dana@parents-together.example", DEMO_PASSWORD)
    expect(page.get_by_text("Morgan Reid used emergency access to family RS-0001")).to_be_visible()
    page.get_by_role("link", name="Emergency access reviews").click()
    expect(page.get_by_text("Overdue").first).to_be_visible()  # the demo's older, unreviewed use
    page.wait_for_load_state()
    assert_accessible(page)
    rows = page.locator("tr", has_text="Child reported missing")
    rows.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_text(REASON)).to_be_visible()  # the click commits; the page may still load
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Justified", exact=True).check()
    page.get_by_label("Notes").fill("Right call at 2 am; ended promptly.")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Your review of Morgan Reid's access is saved.")).to_be_visible()
    reviewed = page.locator("table", has_text="Reviewed in the last 90 days")
    expect(reviewed.locator("tr", has_text="Dana Whitfield").first).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)


def test_manager_takes_a_worker_off_the_team_and_it_applies_at_once(
    page: Any, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, "dana@parents-together.example", DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Change the team around this family").click()
    expect(page.get_by_role("heading", name="Team around Jayden's family (Mensah)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Take off the team\W*Leah Patel")).click()
    expect(page.get_by_role("button", name="Take off the team")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Take off the team").click()
    expect(
        page.get_by_text("Leah Patel is no longer on the team around the family.")
    ).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    sign_in(page, "leah@northbridge-council.example", DEMO_PASSWORD)
    assert "Jayden" not in page.content()
    assert page.goto(f"/families/{family.pk}/").status == 404
