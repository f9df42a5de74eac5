"""Real-browser fixtures: Playwright drives Debian's chromium against a live server.

A missing browser fails the run with instructions; it is never skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    # Leave the page before the database is flushed: its timers (live language checks, draft
    # autosave) die with it, and a request already sent gets a moment to finish, so the live
    # server is not holding a table while PostgreSQL truncates it (seen once as a deadlock in CI).
    page.goto("about:blank")
    page.wait_for_timeout(250)
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
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return str(code).zfill(device.digits)


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
