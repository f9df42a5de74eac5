"""Issue 16 (items 4 to 7): Morgan finds Jayden's family for emergency access by his name and date
of birth, without knowing RS-0001; Leah records a contact and Sam's start page and caseload say
the family changed; a chronology exported after a missing episode reads correctly in its PDF and
its CSV, and the export ends back on the chronology."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from relsafe.cases.services import mark_viewed
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MORGAN = "morgan@parents-together.example"
SAM = "sam@parents-together.example"
LEAH = "leah@northbridge-council.example"


def _next_code(email: str) -> str:
    """The next 30-second step's code: the one used to sign in cannot be used again."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + 1
    )
    return str(code).zfill(device.digits)


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    page.wait_for_load_state()


def test_morgan_finds_jayden_by_name_and_date_of_birth(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    born = demo_world.young_people["jayden"].date_of_birth
    sign_in(page, MORGAN, DEMO_PASSWORD)

    # The family's address is a 404 for Morgan; it says emergency access exists.
    assert page.goto(f"/families/{family.pk}/").status == 404
    assert "Jayden" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Use emergency access").click()

    # Confirm it is you says what is being confirmed.
    expect(
        page.get_by_text("You are about to open a family with emergency access.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(_next_code(MORGAN))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Emergency access", exact=True)).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)

    # By a child's name and date of birth (GOV.UK date input: three boxes).
    page.get_by_label("Child's first name").fill("jayden")
    page.get_by_label("Child's last name").fill("Mensah")
    fill_date(page, "Child's date of birth", born)
    page.get_by_role("button", name="Find the family").click()
    banner = page.get_by_role("region", name="Important")
    expect(banner.get_by_text("One family matches")).to_be_visible()
    # Only that a family matches: nothing about it before emergency access starts.
    for detail in ("RS-0001", "Mensah", "Sam Okoro", "Precious"):
        assert detail not in banner.inner_text()
    expect(page.get_by_label("Family reference")).to_have_count(0)
    page.wait_for_load_state()
    assert_accessible(page)

    page.get_by_label("Child reported missing").check()
    page.get_by_label("Tell us what is happening").fill(
        "His mum rang at 2 am: he is missing and police need his trusted adults now."
    )
    page.get_by_role("button", name="Open the family with emergency access").click()
    expect(page.get_by_role("heading", level=1, name="Jayden's family (Mensah)")).to_be_visible()
    expect(page.get_by_text(re.compile(r"You are using emergency access until"))).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)


def test_leahs_contact_shows_as_changed_on_sams_start_page_and_caseload(
    page: Any, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    # Sam looked at the family an hour ago (one sign-in per person per test: a code is used once).
    mark_viewed(
        user=demo_world.people["sam"],
        family=family,
        at=timezone.now() - dt.timedelta(hours=1),
    )

    # Leah, the council's social worker on the case, records a contact.
    sign_in(page, LEAH, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Record a contact").first.click()
    when = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("Home visit").check()
    fill_date(page, "Date", when.date())
    page.get_by_label("Time", exact=True).fill(when.strftime("%H:%M"))
    page.get_by_label("Jayden Mensah").check()
    page.get_by_label("What was discussed").fill(
        "Visited with Sam's agreement; talked with Precious about school transport."
    )
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    _sign_out(page)

    # Sam's start page says what Leah did, and the family is marked as changed.
    sign_in(page, SAM, DEMO_PASSWORD)
    feed = page.locator(".rs-change-feed")
    expect(feed.get_by_text("Leah Patel recorded a contact")).to_be_visible()
    expect(feed.get_by_role("link", name="Jayden's family (Mensah)")).to_be_visible()
    start_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name="Jayden's family (Mensah)")
    )
    expect(start_row.get_by_text("Changed since you looked")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)

    page.goto("/families/")
    row = page.locator("#caseload tbody tr").filter(has_text="Jayden's family (Mensah)")
    expect(row.get_by_text("Changed since you looked")).to_be_visible()
    assert_accessible(page)

    # Once Sam has opened the family, it is no longer news.
    row.get_by_role("link", name="Jayden's family (Mensah)").click()
    expect(page.get_by_role("heading", level=1, name="Jayden's family (Mensah)")).to_be_visible()
    page.goto("/families/")
    row = page.locator("#caseload tbody tr").filter(has_text="Jayden's family (Mensah)")
    expect(row.get_by_text("Changed since you looked")).to_have_count(0)


def test_a_chronology_exported_after_a_missing_episode_reads_correctly(
    page: Any, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Record a missing episode").first.click()
    missing = timezone.localtime() - dt.timedelta(hours=30)
    back = (missing + dt.timedelta(hours=4)).replace(second=0, microsecond=0)
    page.get_by_role("group", name="Who went missing").get_by_label("Jayden Mensah").check()
    fill_date(page, "Date reported missing", missing.date())
    page.get_by_label("Time reported missing").fill(missing.strftime("%H:%M"))
    page.get_by_label("Who reported them missing").fill("Precious (mum)")
    page.get_by_label("High").check()
    fill_date(page, "Date they came back", back.date())
    page.get_by_label("Time they came back").fill(back.strftime("%H:%M"))
    page.get_by_label("Where they were found").fill("Northbridge railway station")
    page.get_by_label("Parent or carer").check()
    page.get_by_label("Name or details of who found them").fill("his mother")
    page.get_by_role("button", name="Save missing episode").click()
    expect(page.get_by_role("heading", name="Jayden Mensah went missing")).to_be_visible()

    sentence = (
        f"Came back at {back:%H:%M} on {back.day} {back:%B %Y}, found by his mother at "
        "Northbridge railway station."
    )
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="See the chronology").click()
    expect(page.get_by_text(sentence)).to_be_visible()
    chronology_url = page.url

    # The PDF: confirm it is you (which says what for), then back on the chronology, where the
    # download starts, with a message.
    page.get_by_role("link", name="Export as PDF").click()
    expect(
        page.get_by_text("You are about to download this family's chronology as a PDF.")
    ).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(_next_code(SAM))
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Continue").click(no_wait_after=True)
    pdf = Path(download_info.value.path()).read_bytes()
    expect(
        page.get_by_text("You have confirmed it is you. Your download has started.")
    ).to_be_visible()
    assert page.url == chronology_url
    page.wait_for_load_state()
    assert_accessible(page)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert sentence in text
    assert "found by came back" not in text
    assert "Recorded by Sam Okoro, Northbridge Parents Together" in text

    # The CSV, still within the confirmation: the same sentence, the time in its own column.
    with page.expect_download(timeout=60_000) as csv_info:
        page.get_by_role("link", name="Export as CSV").click()
    content = Path(csv_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    episode = next(
        r
        for r in rows
        if r["What happened"] == "Jayden Mensah went missing" and sentence in r["Details"]
    )
    assert episode["Time"] == missing.strftime("%H:%M")
    assert episode["Date"] == missing.date().isoformat()
    dated_only = [r for r in rows if r["Kind"] == "Events added by workers"]
    assert dated_only
    assert all(r["Time"] == "" for r in dated_only)
