"""Sam maps strengths and worries with three voices and sees the scale chart and table, records a
screening (and meets the under-13 rule), and adds a plan action that appears on his start page."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.cases.models import YoungPerson
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def _shot(page: Any, name: str) -> None:
    """Screenshots for a person reviewing the pages; only when asked for."""
    folder = os.environ.get("RELSAFE_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_sam_maps_strengths_and_worries_with_three_voices(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Assessments: strengths and worries, screenings").click()
    expect(page.get_by_role("heading", name="Assessments", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a strengths and worries mapping for Jayden Mensah").click()
    expect(page.get_by_role("button", name="Save mapping")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    # The new mapping starts from the last one's entries, so Sam updates rather than retypes.
    assert "Ghost" in page.get_by_label("Danger: what we are worried could happen").input_value()
    page.get_by_label("Strengths").fill(
        "Jayden scored twice on Saturday.\nHe drew his sister a card."
    )
    page.get_by_label("Worker's view").fill("8")
    page.get_by_label("Parent or carer's view").fill("11")
    page.get_by_label("Young person's view").fill("8/10")
    page.get_by_role("button", name="Save mapping").click()
    # Bad input: the message sits by the field and nothing typed is lost.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("The safety scale goes from 0 to 10").first).to_be_visible()
    assert page.get_by_label("Worker's view").input_value() == "8"
    assert "scored twice" in page.get_by_label("Strengths").input_value()
    assert_accessible(page)
    page.get_by_label("Parent or carer's view").fill("7")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Strengths and worries mapping saved")).to_be_visible()
    expect(page.get_by_role("heading", name="What is working well?")).to_be_visible()
    expect(page.get_by_text("Jayden scored twice on Saturday.")).to_be_visible()
    chart = page.get_by_role("img", name="Safety scale over time for Jayden Mensah")
    expect(chart).to_be_visible()
    expect(page.locator("svg.rs-chart g[data-voice]")).to_have_count(3)
    table = page.get_by_role("table", name="Safety scale, 0 to 10, by date of mapping")
    expect(table).to_be_visible()
    page.wait_for_load_state()
    last_row = table.locator("tbody tr").last
    assert last_row.inner_text().split()[-3:] == ["8", "7", "8"]
    _shot(page, "h8-mapping")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_a_colleagues_save_meets_sam_with_both_versions_of_the_mapping(
    page: Any, demo_world: Any
) -> None:
    from relsafe.assessments import services
    from relsafe.assessments.models import SafetyMapping

    family = demo_world.families["jayden"]
    mapping = SafetyMapping.objects.filter(family=family).latest("pk")
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/assessments/mappings/{mapping.pk}/edit/")
    page.get_by_label("Strengths").fill("Jayden coached the under-10s on Saturday.")

    # Meanwhile Leah saves the same mapping.
    values = {name: getattr(mapping, name) for name in services.MAPPING_FIELDS}
    services.update_mapping(
        actor=demo_world.people["leah"],
        mapping=mapping,
        expected_version=mapping.version,
        values={**values, "existing_strengths": "Jayden is back at football training."},
    )
    page.get_by_role("button", name="Save mapping").click()
    expect(
        page.get_by_role("heading", name="Someone else saved changes while you were editing")
    ).to_be_visible()
    versions = page.get_by_role("table", name="The two versions")
    expect(versions).to_contain_text("Jayden is back at football training.")
    expect(versions).to_contain_text("Jayden coached the under-10s on Saturday.")
    assert page.get_by_label("Strengths").input_value() == (
        "Jayden coached the under-10s on Saturday."
    )
    page.wait_for_load_state()
    _shot(page, "h8-mapping-conflict")
    assert_accessible(page)
    page.get_by_role("button", name="Save my version").click()
    expect(page.get_by_text("Strengths and worries mapping updated")).to_be_visible()
    expect(page.get_by_text("Jayden coached the under-10s on Saturday.")).to_be_visible()


def test_danger_statement_naming_parents_gets_a_warning(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/assessments/mappings/new/")
    page.get_by_label("Danger: what we are worried could happen").fill(
        "Mum cannot keep Jayden safe."
    )
    page.get_by_label("Worker's view").fill("5")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Strengths and worries mapping saved")).to_be_visible()
    expect(page.get_by_text("does not name who is exploiting the child").first).to_be_visible()
    assert_accessible(page)


def test_sam_records_a_screening_and_meets_the_under_13_rule(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    amara = YoungPerson.objects.get(family=family, first_name="Amara")
    assert (timezone.localdate() - amara.date_of_birth) < dt.timedelta(days=13 * 365)
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/assessments/")
    page.get_by_role("link", name="Record a screening for Amara Mensah").click()
    expect(page.get_by_role("button", name="Save screening")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role(
        "checkbox", name="Has gone missing from home, care or school", exact=True
    ).check()
    page.get_by_label("Note: has gone missing from home, care or school").fill(
        "Out until 10pm once"
    )
    page.get_by_role("checkbox", name="Has a trusted adult they go to", exact=True).check()
    page.get_by_label("Low").check()
    page.get_by_label("Why you chose this level").fill("Once only, and she came home herself.")
    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = "A child under 13 cannot be rated low when any indicator is present"
    expect(page.get_by_role("link", name=message, exact=False)).to_be_visible()
    assert page.get_by_label("Note: has gone missing from home, care or school").input_value() == (
        "Out until 10pm once"
    )
    _shot(page, "h8-screening-rule")
    assert_accessible(page)
    page.get_by_label("Medium").check()
    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_text("Screening saved")).to_be_visible()
    expect(page.get_by_text("Out until 10pm once")).to_be_visible()
    assert_accessible(page)


def test_sam_adds_a_plan_action_and_sees_it_on_his_start_page(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/plan/")
    expect(page.get_by_role("heading", name="Support and safety plan")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Precious Mensah (parent or carer)")
    expect(main).to_contain_text("Northbridge Academy (school mentor) (another agency)")
    _shot(page, "h8-plan")
    assert_accessible(page)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will happen").fill(
        "Take Jayden and Precious to the boxing club open day"
    )
    fill_date(page, "Due date", timezone.localdate() + dt.timedelta(days=4))
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action added to the plan")).to_be_visible()
    page.get_by_role("link", name="Start").first.click()
    tasks = page.get_by_role("table", name="Plan actions you own", exact=False)
    expect(
        tasks.get_by_text("Take Jayden and Precious to the boxing club open day")
    ).to_be_visible()
    expect(tasks.get_by_text("Overdue").first).to_be_visible()  # overdue visit, RS-0003
    page.wait_for_load_state()
    _shot(page, "h8-start")
    assert_accessible(page)
