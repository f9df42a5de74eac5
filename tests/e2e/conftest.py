"""Real-browser fixtures: Playwright drives Debian's chromium against a live server.

A missing browser fails the run with instructions; it is never skipped.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

CHROMIUM = os.environ.get("RELSAFE_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package: "
            "`apt-get install chromium` (make test does this when run as root).",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does this).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class RequestsInProgress:
    """Wraps the live server's WSGI app and counts the requests it is still handling, so a test
    can wait until there are none (a condition, not a guess at how long they take)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ: Any, start_response: Any) -> list[bytes]:
        with self.changed:
            self.count += 1
        try:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()  # request_finished: the database connection is let go
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count == 0, timeout), (
                f"the live server is still handling {self.count} request(s)"
            )


@pytest.fixture(scope="session")
def server_requests(live_server: Any) -> RequestsInProgress:
    httpd = live_server.thread.httpd
    tracker = RequestsInProgress(httpd.get_app())
    httpd.set_app(tracker)
    return tracker


@pytest.fixture
def page(browser: Any, live_server: Any, server_requests: RequestsInProgress) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Generous: a signed PDF or a sign-in's password hash on a busy two-core CI machine can take
    # seconds; a real failure still fails, only later.
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    # Before the database is flushed, nothing the page started may still be running on the live
    # server (a request holding a table while PostgreSQL truncates it deadlocked a CI run once):
    # 1. what is typed but not autosaved yet is saved now, through htmx, instead of as a beacon
    #    when the page is left (Playwright cannot see a beacon, and it lands after the flush);
    # 2. wait until htmx has no request in flight;
    # 3. leave the page, so its timers (live checks, autosave) die with it;
    # 4. wait until the live server has answered every request it received.
    if page.url.startswith(live_server.url):
        page.evaluate("document.dispatchEvent(new CustomEvent('relsafe:timeout-warning'))")
        expect(page.locator(".htmx-request")).to_have_count(0)
    page.goto("about:blank")
    server_requests.wait_until_idle()
    context.close()


def assert_accessible(page: Any) -> None:
    """Run axe-core in the page against WCAG 2.2 AA; fail with each violation listed."""
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = result["violations"]
    summary = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert violations == [], f"axe found {len(violations)} violation(s) on {page.url}:\n{summary}"


def current_code(email: str) -> str:
    """A code the server will accept now. django-otp refuses a code for a time step at or before
    the device's ``last_t``, so a person signing in twice within 30 seconds (a fast machine runs a
    journey that quickly) needs the next step's code: inside the device's tolerance, or, if that
    is used up too, after waiting for the clock to move on, as a real person would."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    while True:
        now_t = int((time.time() - device.t0) // device.step) + device.drift
        for offset in range(device.tolerance + 1):
            if now_t + offset > device.last_t:
                code = totp(
                    device.bin_key,
                    step=device.step,
                    t0=device.t0,
                    digits=device.digits,
                    drift=device.drift + offset,
                )
                return str(code).zfill(device.digits)
        time.sleep(1)
        device.refresh_from_db()


def sign_in(page: Any, email: str, password: str) -> None:
    """Sign in through the real two-step form, the way a person does."""
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    # Wait for the next page (the code step, or the start page for a parent without MFA)
    # before reading the URL: the click returns once the navigation commits, not loads.
    page.wait_for_url(lambda url: urlsplit(url).path != "/account/sign-in/")
    if "/sign-in/code/" in page.url:
        page.get_by_label("Code from your authenticator app").fill(current_code(email))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/account/sign-in/" not in urlsplit(url).path)
    page.wait_for_load_state()


def fill_date(page: Any, label: str, day: Any) -> None:
    """Type a date into the GOV.UK date input whose legend is ``label`` (day, month and year
    boxes, the one way to enter a date in relsafe). ``day`` is a date or "d/m/yyyy"."""
    parts = str(day).split("/") if isinstance(day, str) else [day.day, day.month, day.year]
    group = page.get_by_role("group", name=label, exact=True)
    for box, value in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(box, exact=True).fill(str(value))


def date_typed(page: Any, label: str) -> str:
    """What the date input named ``label`` holds, as "d/m/yyyy"."""
    group = page.get_by_role("group", name=label, exact=True)
    return "/".join(
        group.get_by_label(b, exact=True).input_value() for b in ("Day", "Month", "Year")
    )
