"""The resources library (issue 9, item 7): Dana, a team manager, writes an article for parents,
previews it and publishes it; Precious finds it on her start page and by searching the library,
on a phone-sized screen. Every page passes axe at 1280 and at 320 px, and nothing is wider than
the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DANA = "dana@parents-together.example"
PRECIOUS = "precious@family.example"
TITLE = "Talking with your child after they come home"
BODY = """## Before you talk

Take a breath. Your child may be frightened, tired or ashamed.

## What helps

- Say you are glad they are home.
- Listen more than you ask.
- Tell your worker what you learn, and write it in your log.
"""


def _accessible_at_both_widths(page: Any) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_dana_writes_an_article_and_precious_finds_it(page: Any, demo_world: Any) -> None:
    sign_in(page, DANA, DEMO_PASSWORD)
    page.get_by_role("link", name="Resources", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Resources")).to_be_visible()
    _accessible_at_both_widths(page)

    page.get_by_role("link", name="Manage articles").click()
    expect(page.get_by_role("heading", level=1, name="Manage articles")).to_be_visible()
    _accessible_at_both_widths(page)

    # Saving with nothing typed lists every problem, linked to its field.
    page.get_by_role("link", name="Write an article").click()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    _accessible_at_both_widths(page)
    page.get_by_role("link", name="Select who the article is for").click()
    expect(page.get_by_label("Parents and carers")).to_be_focused()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("When your child comes back after going missing.")
    page.get_by_label("Parents and carers").check()
    page.get_by_label("When a child goes missing").check()
    page.get_by_label("Article", exact=True).fill(BODY)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview (not saved)")
    expect(preview.get_by_role("heading", name="What helps")).to_be_visible()
    expect(preview.get_by_role("listitem").first).to_have_text("Say you are glad they are home.")
    _accessible_at_both_widths(page)

    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"Published: “{TITLE}” is in the library now")).to_be_visible()
    _accessible_at_both_widths(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))

    # Precious, on her phone: the article is among her reading, and the library finds it.
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()  # the "Exit this page" interruption
    expect(page.get_by_role("heading", name="Reading for you")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("link", name="All your resources").click()
    expect(page.get_by_role("heading", level=1, name="Resources")).to_be_visible()
    # Written for practitioners only: not in her library.
    expect(page.get_by_text("Working with parents as partners")).to_have_count(0)
    page.get_by_label("Search the resources").fill("listen more")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 article found")).to_be_visible()
    _accessible_at_both_widths(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Before you talk")).to_be_visible()
    _accessible_at_both_widths(page)

    # A demo article for her, with its sources named.
    page.goto("/resources/articles/keeping-a-log/")
    expect(page.get_by_role("heading", name="Where this comes from")).to_be_visible()
    _accessible_at_both_widths(page)
