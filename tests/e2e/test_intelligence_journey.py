"""Journey 3, second half (PRODUCT.md §9): Sam grades what Precious logged (the note with the
phone number) and sends it to the police without her name or Jayden's; Priya sees the phone
number was reported by two other families, the map links "Ghost" to three children and a
takeaway, and she exports a MACE pack; Precious's log shows "passed to police — acknowledged"."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from relsafe.core.demo import DEMO_PASSWORD
from relsafe.intelligence import linking
from relsafe.intelligence.models import Submission
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
PRIYA = "priya@northbridge-police.example"
PRECIOUS = "precious@family.example"
WHAT_HAPPENED = (
    "Precious found a note in Jayden's pocket with a phone number on it. A grey Audi has "
    "waited outside the house three nights this week; the driver is a man Jayden calls Ghost."
)


def _next_code(email: str) -> str:
    """A code one step ahead: the code used to sign in cannot be used again."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + 1
    )
    return str(code).zfill(device.digits)


def _confirm_it_is_you(page: Any, email: str) -> None:
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(_next_code(email))


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))


def test_sam_sends_precious_report_and_priya_sees_the_network(page: Any, demo_world: Any) -> None:
    linking.forget_index()
    family = demo_world.families["jayden"]

    # Sam writes it down from the family page.
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Send information to the police").click()
    expect(page.get_by_role("heading", name="Information for the police")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    # Built from Precious's reviewed log entry: the note with the phone number (entry 2).
    page.get_by_label(re.compile(r"^Entry 2, ")).check()
    page.get_by_label("Jayden Mensah").check()
    page.get_by_label("Child criminal exploitation").check()
    page.get_by_label("What was seen or heard").fill(WHAT_HAPPENED)
    page.locator("#id_person_1_nickname").fill("Ghost")
    page.locator("#id_person_1_gender").fill("male")
    page.locator("#id_person_1_phone").fill("07700 900461")
    page.locator("#id_person_1_plate").fill("LM19 XKD")
    page.locator("#id_person_1_colour").fill("grey")
    page.locator("#id_person_1_make").fill("Audi")
    page.locator("#id_place_1").fill("Chicken Shack takeaway, Station Road")
    page.locator("#id_place_1_postcode").fill("NB1 4TQ")
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Their name (kept by us)").fill("Precious (mum)")
    # 2/B/P, with the guidance beside each choice.
    expect(page.get_by_text("The source has not given information before")).to_be_visible()
    page.locator("#id_source_grade_1").check()
    page.locator("#id_information_grade_1").check()
    page.locator("#id_handling_0").check()
    page.locator("#id_lawful_basis_0").check()
    page.get_by_label("Why this basis").fill(
        "Asking for consent could alert the people exploiting Jayden."
    )
    page.get_by_role("button", name="Save and check what the police will see").click()

    # Sending to the police is a disclosure: Sam confirms it is him first.
    _confirm_it_is_you(page, SAM)
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check what the police will see")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    copy = page.locator("#police-copy")
    expect(copy).to_contain_text(re.compile(r"Child [A-Z]+, 14"))
    expect(copy).to_contain_text("2/B/P")
    for name in ("Jayden", "Precious", "Mensah"):
        expect(copy).not_to_contain_text(name)
    assert not Submission.objects.filter(
        family=family, status="new", entities__nickname="Ghost"
    ).exists()
    page.get_by_role("button", name="Send to Northbridge Police").click()
    expect(page.get_by_text(re.compile(r"Sent to Northbridge Police as PI-\d+"))).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    sent = Submission.objects.get(family=family, status="new", entities__nickname="Ghost")
    _sign_out(page)

    # Priya sees it in her force's queue.
    sign_in(page, PRIYA, DEMO_PASSWORD)
    page.get_by_role("link", name="Your force's intelligence queue").click()
    expect(page.get_by_role("heading", name="Intelligence queue")).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name=sent.reference).click()
    expect(page.get_by_role("heading", name=sent.reference)).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    phone_row = page.locator(".govuk-summary-list__row", has_text="07700 900461")
    expect(phone_row).to_contain_text("Also reported in 2 other cases")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text(f"{sent.reference} acknowledged.")).to_be_visible()
    assert "Jayden" not in page.content()

    # The map: Ghost links three children and the takeaway.
    page.goto("/intelligence/network/")
    expect(page.get_by_role("heading", name="Network map")).to_be_visible()
    expect(
        page.locator("#network[data-rendered-nodes]:not([data-rendered-nodes='0'])")
    ).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    ghost = page.locator("table", has_text="People of concern and what links to them").locator(
        "tr", has_text="“Ghost”"
    )
    expect(ghost).to_contain_text("Chicken Shack takeaway, Station Road, NB1 4TQ (place)")
    ranking = page.locator("table", has_text="Children connected").locator("tr", has_text="“Ghost”")
    expect(ranking.locator("td").nth(1)).to_have_text("3")
    assert "Jayden" not in page.content()

    # The MACE pack, after confirming it is her.
    mace_link = page.get_by_role("link", name="MACE pack (PDF)")
    mace_link.click()
    _confirm_it_is_you(page, PRIYA)
    assert_accessible(page)
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Continue").click(no_wait_after=True)
    download = download_info.value
    assert download.suggested_filename == "mace-pack.pdf"
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages
    )
    assert "MACE pack" in text
    assert "Ghost" in text
    assert "2/B/P" in text
    assert "Jayden" not in text
    page.goto("/")
    _sign_out(page)

    # Precious's log: the entry was passed to police, and they acknowledged it (status only).
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    if "/before-you-start/" in page.url:
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="See your whole log").click()
    card = page.locator(".govuk-summary-card", has_text="Entry 2:")
    expect(card.locator("li", has_text="Passed to police")).to_contain_text("Done")
    expect(card.locator("li", has_text="Police acknowledged")).to_contain_text("Done")
    expect(card).not_to_contain_text(sent.reference)
    page.wait_for_load_state()
    assert_accessible(page)
