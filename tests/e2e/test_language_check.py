"""Sam checks a note's wording as he types and accepts a better wording with one click."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def test_sam_sees_a_suggestion_as_he_types_and_uses_it(page: Any, demo_world: Any) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    page.get_by_role("link", name="Check your wording").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your wording")
    page.wait_for_load_state()
    assert_accessible(page)

    textarea = page.get_by_label("Your wording")
    textarea.click()
    textarea.press_sequentially("Jayden is putting himself at risk by going out late", delay=5)
    suggestions = page.locator(".rs-language-check")
    suggestions.get_by_text("Language with care: 1 suggestion").wait_for()
    assert "“is putting himself at risk”" in suggestions.inner_text()
    assert "“is at risk of being exploited”" in suggestions.inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Use this wording").click()
    assert textarea.input_value() == "Jayden is at risk of being exploited by going out late"
    # The fresh check finds nothing left to change, and focus stays in the note.
    suggestions.get_by_text("Language with care").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "id_text"
    assert_accessible(page)


def test_the_childs_age_changes_the_suggestion_live(page: Any, demo_world: Any) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto("/language/try/")
    page.get_by_label("Child's age (optional)").fill("12")
    textarea = page.get_by_label("Your wording")
    textarea.click()
    with page.expect_request("**/language/check/") as checked:
        textarea.press_sequentially("Mia is sexually active", delay=5)
    page.locator(".rs-language__suggestion", has_text="“being raped”").wait_for()
    # Only the note and the age travel; the rest of the form (and its CSRF field) does not.
    sent = checked.value.post_data or ""
    assert "child_age=12" in sent
    assert "text=Mia" in sent
    assert "csrfmiddlewaretoken" not in sent


def test_without_javascript_the_wording_is_checked_on_submit(
    browser: Any, live_server: Any, demo_world: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, SAM, DEMO_PASSWORD)
        page.goto("/language/try/")
        page.get_by_label("Your wording").fill("She absconded from her placement.")
        page.get_by_role("button", name="Check wording").click()
        expect(page.locator(".rs-language-check")).to_contain_text("“went missing”")
        page.wait_for_load_state()
        expect(page.get_by_role("button", name="Use this wording")).to_be_hidden()
        assert (
            page.get_by_label("Your wording").input_value() == "She absconded from her placement."
        )
    finally:
        context.close()


def test_the_page_works_at_320px(page: Any, demo_world: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto("/language/try/")
    textarea = page.get_by_label("Your wording")
    textarea.click()
    textarea.press_sequentially("He absconded and is involved in county lines", delay=5)
    page.locator(".rs-language-check").get_by_text("2 suggestions").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
