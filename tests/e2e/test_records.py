"""Sam's day with the records: a contact, a night missing and its 72-hour clock, the chronology
with strengths beside concerns, and a PDF export after confirming who he is."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def _next_code(email: str) -> str:
    """The code for the next 30-second step: sign-in used this step's, and codes are single-use
    (the device accepts one step of drift)."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + 1
    )
    return str(code).zfill(device.digits)


def _open_family(page: Any, demo_world: Any) -> None:
    page.goto(f"/families/{demo_world.families['jayden'].pk}/")
    expect(page.get_by_role("heading", name="Jayden's family (Mensah)")).to_be_visible()


def test_sam_records_a_contact_and_sees_it_on_the_family_page(page: Any, demo_world: Any) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    _open_family(page, demo_world)
    assert_accessible(page)
    page.get_by_role("link", name="Record a contact").click()
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    assert_accessible(page)
    when = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("Home visit").check()
    fill_date(page, "Date", when.date())
    page.get_by_label("Time", exact=True).fill(when.strftime("%H:%M"))
    page.get_by_label("Jayden Mensah").check()
    page.get_by_label("Who else was there").fill("Precious (mum)")
    page.get_by_label("What was discussed").fill(
        "Talked with Precious about the county trials and who will drive Jayden there."
    )
    page.get_by_label("What the young person said, in their words").fill("I want to go.")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    expect(page.get_by_text("Talked with Precious about the county trials")).to_be_visible()
    assert_accessible(page)
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    crumbs.get_by_role("link", name="Jayden's family (Mensah)").click()
    expect(page.get_by_role("link", name=f"Home visit, {when:%-d %b %Y, %H:%M}")).to_be_visible()


def test_missing_episode_starts_the_72_hour_clock_on_the_start_page(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    waiting = page.get_by_role("table", name="Return home interviews to do")
    expect(waiting.get_by_role("link", name="Jayden Mensah")).to_have_count(
        1
    )  # the demo's, last night
    _open_family(page, demo_world)
    page.get_by_role("link", name="Record a missing episode").click()
    expect(page.get_by_role("button", name="Save missing episode")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    # Recorded the morning after: back 22 hours ago, before the demo's episode (about 20 hours
    # ago), so this clock is the family's next thing due.
    missing = timezone.localtime() - dt.timedelta(hours=26)
    back = timezone.localtime() - dt.timedelta(hours=22)
    page.get_by_role("group", name="Who went missing").get_by_label("Jayden Mensah").check()
    fill_date(page, "Date reported missing", missing.date())
    page.get_by_label("Time reported missing").fill(missing.strftime("%H:%M"))
    page.get_by_label("Who reported them missing").fill("Precious (mum)")
    page.get_by_label("High").check()
    fill_date(page, "Date they came back", back.date())
    page.get_by_label("Time they came back").fill(back.strftime("%H:%M"))
    page.get_by_label("Where they were found").fill("The bus station")
    page.get_by_label("Parent or carer").check()
    page.get_by_role("button", name="Save missing episode").click()
    expect(page.get_by_role("heading", name="Jayden Mensah went missing")).to_be_visible()
    expect(page.get_by_text("Due", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto("/")
    due = timezone.localtime(back.replace(second=0, microsecond=0) + dt.timedelta(hours=72))
    table = page.get_by_role("table", name="Return home interviews to do")
    row = table.get_by_role("row").filter(has_text=f"{due:%-d %b %Y, %H:%M}")
    expect(row.get_by_role("link", name="Jayden Mensah")).to_be_visible()
    assert_accessible(page)

    # The caseload names the family's next thing due: this interview, to the minute.
    page.goto("/families/")
    family_row = page.locator("#caseload tbody tr").filter(has_text="Jayden's family (Mensah)")
    day = f"{due:%-d %b}" if due.year == timezone.localdate().year else f"{due:%-d %b %Y}"
    cell = family_row.locator("td").nth(4)
    expect(cell).to_have_text(f"Return home interview due {day}, {due:%H:%M}")
    assert_accessible(page)


def test_chronology_shows_strengths_and_concerns_and_exports_a_pdf(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    _open_family(page, demo_world)
    page.get_by_role("link", name="See the chronology").click()
    expect(page.get_by_role("heading", name="Chronology", exact=True)).to_be_visible()
    expect(page.locator(".moj-timeline")).to_be_visible()
    expect(page.get_by_role("heading", name="Jayden scored in the cup final")).to_be_visible()
    expect(page.get_by_role("link", name="Jayden Mensah went missing").first).to_be_visible()
    page.wait_for_load_state()
    assert page.locator(".moj-timeline .govuk-tag", has_text="Strength").count() >= 3
    assert page.locator(".moj-timeline .govuk-tag", has_text="Concern").count() >= 2
    assert_accessible(page)

    page.get_by_label("Strength", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/chronology/\?"))
    expect(page.locator(".moj-timeline .govuk-tag", has_text="Strength").first).to_be_visible()
    page.wait_for_load_state()
    expect(page.locator(".moj-timeline .govuk-tag", has_text="Concern")).to_have_count(0)

    page.get_by_role("link", name="Export as PDF").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(_next_code(SAM))
    # Building the PDF can take a few seconds on a busy machine; the click itself does not wait.
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Continue").click(no_wait_after=True)
    download = download_info.value
    assert download.suggested_filename == "chronology-RS-0001.pdf"
    assert Path(download.path()).read_bytes()[:4] == b"%PDF"
