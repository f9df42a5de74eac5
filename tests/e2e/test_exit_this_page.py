"""Journey 6's quick exit (PRODUCT.md §8, checklist item 30): Precious is shown how to leave
quickly at her first sign-in, then leaves by pressing Shift three times, by the button, by the
secondary link and with JavaScript off. Each time relsafe is gone: the browser is on the neutral
site, which was not told where she came from, and relsafe asks her to sign in again.

The real neutral site (BBC Weather) cannot be reached from the test machine, so
``EXIT_THIS_PAGE_URL`` points at a stub site on another local port. Playwright's ``page.route``
cannot stand in for it: it does not see the request a redirect leads to.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.accounts.models import UserSession
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRECIOUS = "precious@family.example"
OVERLAY_WATCHER = """() => new MutationObserver((_, observer) => {
    const overlay = document.querySelector('.govuk-exit-this-page-overlay');
    if (!overlay) return;
    observer.disconnect();
    console.log(JSON.stringify({
        overlay: overlay.textContent,
        hidden: document.body.classList.contains('govuk-exit-this-page-hide-content'),
        heading: getComputedStyle(document.querySelector('h1')).display,
    }));
}).observe(document.body, {childList: true})"""
STUB_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Weather</title></head>
<body><main><h1>Weather</h1><p>Sunny spells.</p></main></body></html>"""


@dataclass
class NeutralSite:
    """A stand-in for the neutral site, remembering what each visit told it."""

    url: str
    visits: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def neutral_site(settings: Any) -> Iterator[NeutralSite]:
    visits: list[dict[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            visits.append({"path": self.path, "referer": self.headers.get("Referer", "")})
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(STUB_PAGE)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site = NeutralSite(url=f"http://127.0.0.1:{server.server_address[1]}/weather", visits=visits)
    settings.EXIT_THIS_PAGE_URL = site.url
    yield site
    server.shutdown()
    server.server_close()


def _past_the_interruption(page: Any) -> None:
    """Precious signs in; her first sign-in stops to explain Exit this page."""
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/before-you-start/$"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Precious")


def _assert_left_relsafe(page: Any, site: NeutralSite, live_server: Any) -> None:
    """On the neutral site, told nothing about relsafe; relsafe's cookies gone and the session
    ended on the server; going back or opening relsafe again asks her to sign in."""
    expect(page).to_have_url(site.url)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()
    weather = [visit for visit in site.visits if visit["path"] == "/weather"]
    assert weather[-1]["referer"] == "", "the neutral site was told where she came from"
    assert page.context.cookies(live_server.url) == []
    assert not UserSession.objects.filter(user__email=PRECIOUS).exists()
    page.go_back()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Sign in to relsafe")).to_be_visible()
    assert "Precious" not in page.content()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    expect(page.get_by_role("heading", name="Sign in to relsafe")).to_be_visible()


def test_precious_is_shown_how_to_leave_once_then_leaves_with_shift_three_times(
    page: Any, demo_world: Any, neutral_site: NeutralSite, live_server: Any
) -> None:
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/before-you-start/$"))
    panel = page.locator(".govuk-panel--interruption")
    expect(
        panel.get_by_role("heading", name="If you need to leave this site quickly")
    ).to_be_visible()
    expect(panel).to_contain_text("press the Shift key 3 times")
    expect(panel).to_contain_text("It does not delete your browsing history.")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Precious")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert_accessible(page)

    # The loading overlay blanks the page before the browser leaves: watch for it in the page
    # and report it through the console, which outlives the navigation (a locator or evaluate
    # would wait for the navigation instead).
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    page.evaluate(OVERLAY_WATCHER)
    for _ in range(3):
        page.keyboard.press("Shift")
    _assert_left_relsafe(page, neutral_site, live_server)
    exit_entry = AuditEvent.objects.filter(action=AuditAction.SIGN_OUT).latest("id")
    assert exit_entry.actor_email == PRECIOUS
    assert exit_entry.detail == {"quick_exit": True}
    assert json.loads(reports[0]) == {"overlay": "Loading.", "hidden": True, "heading": "none"}
    # Chromium says, in the same console, that it honoured Clear-Site-Data.
    assert any(
        "Clear-Site-Data header" in report
        and 'Cleared data types: "cache", "cookies", "storage"' in report
        for report in reports
    ), reports

    # Signing in again goes straight to her start page: the interruption was shown once.
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Precious")


def test_the_button_leaves_too(
    page: Any, demo_world: Any, neutral_site: NeutralSite, live_server: Any
) -> None:
    _past_the_interruption(page)
    page.get_by_role("button", name="Emergency Exit this page").click()
    _assert_left_relsafe(page, neutral_site, live_server)


def test_the_secondary_link_is_the_second_thing_a_keyboard_reaches(
    page: Any, demo_world: Any, neutral_site: NeutralSite, live_server: Any
) -> None:
    _past_the_interruption(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    secondary = page.locator(".govuk-js-exit-this-page-skiplink")
    expect(secondary).to_be_focused()
    expect(secondary).to_be_visible()
    expect(secondary).to_have_text("Exit this page")
    page.keyboard.press("Enter")
    _assert_left_relsafe(page, neutral_site, live_server)


def test_without_javascript_the_button_is_a_plain_link_that_still_leaves(
    browser: Any, demo_world: Any, neutral_site: NeutralSite, live_server: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(PRECIOUS)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="If you need to leave this site quickly")
    ).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Precious")
    page.get_by_role("button", name="Emergency Exit this page").click()
    _assert_left_relsafe(page, neutral_site, live_server)
    context.close()


def test_the_safety_page_is_reachable_before_signing_in_and_from_the_interruption(
    page: Any, demo_world: Any
) -> None:
    page.goto("/account/sign-in/")
    page.get_by_role("link", name="Staying safe online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staying safe online")
    expect(page.locator("main")).to_contain_text("0800 1111")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert_accessible(page)
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    page.get_by_role("link", name="Read how to stay safe online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staying safe online")


@pytest.mark.parametrize("path", ["/before-you-start/", "/staying-safe-online/", "/"])
def test_the_portal_pages_work_at_320px(page: Any, demo_world: Any, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    page.goto(path)
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width}px wide at a 320px viewport"
    assert_accessible(page)


def test_staff_do_not_get_the_button(page: Any, demo_world: Any) -> None:
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Good to see you, Sam")
    expect(page.locator(".govuk-exit-this-page")).to_have_count(0)
    expect(page.locator(".govuk-js-exit-this-page-skiplink")).to_have_count(0)
