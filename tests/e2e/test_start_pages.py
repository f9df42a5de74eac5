"""Every role signs in through the real form and lands on a start page made for them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRECIOUS = "precious@family.example"


def _continue_past_the_interruption(page: Any) -> None:
    """A family member's first sign-in first explains "Exit this page" (test_exit_this_page.py)."""
    expect(
        page.get_by_role("heading", name="If you need to leave this site quickly")
    ).to_be_visible()
    page.get_by_role("button", name="Continue").click()


ROLE_START_PAGES = [
    ("sam@parents-together.example", "Good to see you, Sam", "Jayden's family (Mensah)"),
    ("dana@parents-together.example", "Your team: North parent support team", "Workload"),
    ("leah@northbridge-council.example", "Good to see you, Leah", "Jayden's family (Mensah)"),
    (
        "priya@northbridge-police.example",
        "Shared with Northbridge Police",
        "Jayden's family (Mensah)",
    ),
    ("hannah@northbridge-council.example", "Service figures", "Families by stage"),
    ("robin@parents-together.example", "Administration", "Northbridge Parents Together"),
    (PRECIOUS, "Hello Precious", "Sam Okoro"),
]


def test_sign_in_page_is_accessible(page: Any, demo_world: Any) -> None:
    page.goto("/")
    assert "/account/sign-in/" in page.url
    expect(page.get_by_role("heading", name="Sign in to relsafe")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("email", "heading", "expected_text"), ROLE_START_PAGES)
def test_each_role_lands_on_its_own_start_page(
    page: Any, demo_world: Any, email: str, heading: str, expected_text: str
) -> None:
    sign_in(page, email, DEMO_PASSWORD)
    if email == PRECIOUS:
        _continue_past_the_interruption(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(expected_text)
    assert_accessible(page)


def test_other_team_cannot_see_jaydens_family(page: Any, demo_world: Any) -> None:
    sign_in(page, "alex@parents-together.example", DEMO_PASSWORD)
    assert "Jayden" not in page.content()
    response = page.goto(f"/families/{demo_world.families['jayden'].pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_keeps_email_and_explains(page: Any, demo_world: Any) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("sam@parents-together.example")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("Email address").input_value() == "sam@parents-together.example"
    assert_accessible(page)


def test_page_works_at_320px(page: Any, demo_world: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"page is {scroll_width}px wide at a 320px viewport"
    assert_accessible(page)


def test_precious_reads_the_plan_she_made_with_sam(page: Any, demo_world: Any) -> None:
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    _continue_past_the_interruption(page)
    expect(page.get_by_role("heading", name="Your family's plan")).to_be_visible()
    actions = page.get_by_role("table", name="What will happen")
    # Her own actions say "You"; Sam's name him as she knows him; in a parent's words.
    expect(actions.get_by_role("row", name="Keep a dated log", exact=False)).to_contain_text("You")
    sams = actions.get_by_role("row", name="Sam will visit you and Jayden", exact=False)
    expect(sams).to_contain_text("Sam Okoro, your worker")
    expect(page.get_by_text("partnership queue")).to_have_count(0)
    assert_accessible(page)
