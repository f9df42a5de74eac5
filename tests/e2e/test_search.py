"""Sam searches everything he may see: contacts, plans and assessments in one list, narrowed to
one kind, and opens the plan from its result."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def test_sam_finds_the_plan_among_every_kind_and_opens_it(page: Any, demo_world: Any) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    page.get_by_role("link", name="Search records").first.click()
    expect(
        page.get_by_label("Search contacts, chronology events, plans and assessments")
    ).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Search contacts, chronology events, plans and assessments").fill("boxing")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("mark", has_text="boxing").first).to_be_visible()
    page.wait_for_load_state()
    results = page.locator(".rs-search-snippet")
    assert results.count() >= 2
    assert page.locator("mark", has_text="boxing").count() >= 2
    assert_accessible(page)
    page.get_by_label("Show").select_option(label="Plans")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    assert (
        page.get_by_label("Search contacts, chronology events, plans and assessments").input_value()
        == "boxing"
    )
    page.get_by_role("link", name="Support and safety plan").click()
    expect(page.get_by_role("heading", name="Support and safety plan")).to_be_visible()
    expect(page.get_by_text("football, boxing and drawing")).to_be_visible()
