"""Browser journeys through a family's case: caseload → family → the child's strengths-first
profile; a manager's team view; opening a family with the search-before-create warning."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, date_typed, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "profile.png"


def test_sam_opens_jaydens_profile_and_adds_a_strength_in_his_own_words(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Families").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your families")
    page.wait_for_load_state()
    assert_accessible(page)

    page.get_by_role("link", name="Jayden's family (Mensah)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jayden's family (Mensah)")
    expect(page.get_by_text("Safeguarding of children (DPA 2018 Sch. 1 para. 18)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jayden Mensah", exact=True).click()
    # The profile itself (below the case header every family page has) leads with strengths.
    expect(page.locator("#family-content h2").first).to_have_text(
        "Strengths and what matters to Jayden"
    )
    page.wait_for_load_state()
    headings = page.locator("#family-content h2").all_inner_texts()
    assert headings[0] == "Strengths and what matters to Jayden"
    content = page.content()
    order = [
        content.index(f'id="{i}"') for i in ("strengths", "trusted-adults", "concerns-heading")
    ]
    assert order == sorted(order), "strengths, then trusted adults, then concerns"
    strengths = page.locator("#strengths")
    for text in ("football", "little sister Amara", "drawing"):
        assert text in strengths.inner_text()
    assert_accessible(page)
    if os.environ.get("RELSAFE_SCREENSHOTS") or not SCREENSHOT.exists():
        page.set_viewport_size({"width": 1024, "height": 1100})
        page.screenshot(path=str(SCREENSHOT))
        page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Add a strength, hope or something in their own words").click()
    page.get_by_label("What they are proud of").check()
    page.get_by_label("What do you want to record?").fill("I looked after Amara all day")
    page.get_by_label("These are the young person's own words").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    quote = page.locator("figure", has_text="I looked after Amara all day")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("Jayden, in their own words")
    expect(page.get_by_role("heading", name="Success")).to_be_visible()
    assert_accessible(page)


def test_manager_sees_team_caseload_with_workload_counts(page: Any, demo_world: Any) -> None:
    sign_in(page, "dana@parents-together.example", DEMO_PASSWORD)
    page.goto("/families/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team\u2019s families")
    workload = page.locator("#workload")
    sam_row = workload.get_by_role("row", name="Sam Okoro")
    assert sam_row.locator("td").first.inner_text() == "10"
    expect(workload.get_by_role("row", name="Tom Brennan")).to_be_visible()
    assert "16 families" in page.locator("#caseload caption").inner_text()
    assert_accessible(page)

    page.get_by_label("Worker").select_option(label="Tom Brennan")
    page.get_by_label("Only overdue").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Selected filters")).to_be_visible()
    rows = page.locator("#caseload tbody tr")
    expect(rows).to_have_count(2)  # Tom's overdue families
    expect(rows.first).to_contain_text("Overdue")
    assert_accessible(page)


def test_manager_goes_from_the_start_page_to_a_workers_overdue_families(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, "dana@parents-together.example", DEMO_PASSWORD)
    workload = page.get_by_role("table", name="Workload")
    expect(workload.get_by_role("row", name="Tom Brennan")).to_contain_text("Parent support worker")
    assert_accessible(page)
    workload.get_by_role("link", name="2 of Tom Brennan's families with something overdue").click()
    expect(page.get_by_role("heading", name="Selected filters")).to_be_visible()
    rows = page.locator("#caseload tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Overdue")
    expect(page.locator(".moj-filter-tags")).to_contain_text("Tom Brennan")


def test_opening_a_family_warns_of_a_match_in_another_team(page: Any, demo_world: Any) -> None:
    dob = demo_world.young_people["jayden"].date_of_birth
    sign_in(page, "alex@parents-together.example", DEMO_PASSWORD)
    page.goto("/families/")
    page.get_by_role("link", name="Open a new family").click()
    page.get_by_role("button", name="Check for existing records").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Child's first name").fill("Jaden")
    page.get_by_label("Child's last name").fill("Mensah")
    fill_date(page, "Child's date of birth", dob)
    page.get_by_role("button", name="Check for existing records").click()
    warning = page.locator("#hidden-match")
    expect(warning).to_contain_text("A possible match exists in another team or organisation")
    page.wait_for_load_state()
    assert "RS-0001" not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Open the family").click()
    expect(page.get_by_text("Confirm this is a different child").first).to_be_visible()
    page.get_by_label("I have checked the possible matches and this is a different child").check()
    page.get_by_role("button", name="Open the family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaden's family (Mensah)")
    expect(page.get_by_text("Referral received").first).to_be_visible()
    assert_accessible(page)


def test_profile_and_caseload_work_at_320px(page: Any, demo_world: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    jayden = demo_world.young_people["jayden"]
    for url in ("/families/", f"/families/young-people/{jayden.pk}/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width}px wide at a 320px viewport"
        assert_accessible(page)


def test_case_forms_explain_mistakes_and_show_conflicts_accessibly(
    page: Any, demo_world: Any
) -> None:
    from relsafe.cases import services

    jayden = demo_world.young_people["jayden"]
    family = demo_world.families["jayden"]
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/status/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Choose where the case moves to")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/families/young-people/{jayden.pk}/edit/")
    fill_date(page, "Date of birth", "1/1/1980")
    page.get_by_label("Languages (optional)").fill("English and Twi")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("Languages (optional)").input_value() == "English and Twi"
    assert date_typed(page, "Date of birth") == "1/1/1980"
    assert_accessible(page)

    # Leah saves first, while Sam's form is still open.
    services.update_profile(
        actor=demo_world.people["leah"],
        young_person=jayden,
        changes={"language": "English, some Twi"},
        expected_version=jayden.version,
    )
    fill_date(page, "Date of birth", jayden.date_of_birth)
    page.get_by_role("button", name="Save").click()
    conflict = page.locator("#conflict")
    expect(conflict).to_contain_text("English and Twi")
    expect(conflict).to_contain_text("English, some Twi")
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Apply my version").click()
    expect(page.get_by_text("Profile saved")).to_be_visible()
    expect(page.locator("main")).to_contain_text("English and Twi")
