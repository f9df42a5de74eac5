"""Sam records a contact for Jayden's family. As he types, "Language with care" points out wording
that blames Jayden and offers better words; he uses them with one click. Wording he keeps still
saves, with the suggestion shown once on the next page (PRODUCT.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from relsafe.records.models import Contact
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def _start_contact(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    assert family.reference == "RS-0001"
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Record a contact").click()
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    when = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("Home visit").check()
    fill_date(page, "Date", when.date())
    page.get_by_label("Time", exact=True).fill(when.strftime("%H:%M"))
    page.get_by_label("Jayden Mensah").check()


def test_sam_takes_the_suggested_wording_as_he_types_and_it_is_saved(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    _start_contact(page, demo_world)

    note = page.get_by_label("What was discussed")
    note.click()
    note.press_sequentially(
        "Jayden was putting himself at risk by going to the park late.", delay=5
    )
    suggestions = page.locator("#id_discussed-language")
    suggestions.get_by_text("Language with care: 1 suggestion").wait_for()
    assert "“was putting himself at risk”" in suggestions.inner_text()
    assert "“was at risk of being exploited”" in suggestions.inner_text()
    # Only the note being typed gets suggestions; the other text areas stay quiet.
    assert page.locator("#id_parent_voice-language").inner_text().strip() == ""
    assert_accessible(page)

    suggestions.get_by_role("button", name="Use this wording").click()
    assert note.input_value() == "Jayden was at risk of being exploited by going to the park late."
    suggestions.get_by_text("Language with care").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "id_discussed"

    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    expect(
        page.get_by_text("Jayden was at risk of being exploited by going to the park")
    ).to_be_visible()
    page.wait_for_load_state()
    expect(page.get_by_role("region", name="Language with care")).to_be_hidden()
    contact = Contact.objects.get(
        family=demo_world.families["jayden"], discussed__startswith="Jayden was"
    )
    assert contact.discussed == "Jayden was at risk of being exploited by going to the park late."
    assert_accessible(page)


def test_wording_sam_keeps_still_saves_and_the_suggestion_shows_once(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    _start_contact(page, demo_world)
    page.get_by_label("What was discussed").fill("Jayden was putting himself at risk again.")
    page.get_by_label("Actions agreed").fill("Sam to call Precious, who is hard to reach by phone.")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    expect(page.get_by_text("Jayden was putting himself at risk again.")).to_be_visible()
    banner = page.get_by_role("region", name="Language with care")
    expect(banner).to_be_visible()
    page.wait_for_load_state()
    text = banner.inner_text()
    assert "instead of “was putting himself at risk”" in text
    assert "Actions agreed: instead of “hard to reach”" in text
    assert_accessible(page)

    page.reload()
    expect(page.get_by_role("region", name="Language with care")).to_be_hidden()


def test_the_mapping_and_plan_action_forms_suggest_as_sam_types(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)

    page.goto(reverse("assessments:mapping-new", args=[family.pk]))
    worries = page.get_by_label("Harm: what has happened")
    worries.click()
    worries.press_sequentially("Jayden has been putting himself at risk at the park", delay=5)
    suggestions = page.locator("#id_harm_statements-language")
    suggestions.get_by_text("Language with care: 1 suggestion").wait_for()
    assert_accessible(page)
    suggestions.get_by_role("button", name="Use this wording").click()
    assert "putting himself at risk" not in worries.input_value()
    assert "at risk of being exploited" in worries.input_value()

    page.goto(reverse("plans:action-new", args=[family.pk]))
    action = page.get_by_label("What will happen")
    action.click()
    action.press_sequentially("Help Jayden stop his risky behaviour", delay=5)
    page.locator("#id_description-language").get_by_text("Language with care").wait_for()
    assert_accessible(page)


def test_a_one_line_box_gets_suggestions_as_sam_types_too(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(reverse("records:chronology-entry-create", args=[family.pk]))
    title = page.get_by_label("What happened", exact=True)
    title.click()
    title.press_sequentially("Jayden absconded from school", delay=5)
    suggestions = page.locator(f"#{title.get_attribute('id')}-language")
    suggestions.get_by_text("Language with care: 1 suggestion").wait_for()
    assert_accessible(page)
    suggestions.get_by_role("button", name="Use this wording").click()
    expect(title).to_have_value("Jayden went missing from school")
