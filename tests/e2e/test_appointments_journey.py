"""Appointments shared with the family, and a young person's own messages (issue 9), in the
browser with axe at 320 px.

Precious, on her phone, sees the home visit Sam arranged on her start page and on her
Appointments page, adds it to her calendar (the file says only "Appointment") and asks to
rearrange it: the message reaches Sam naming the visit. Sam sees the week's appointments on
his start page, arranges a school meeting from the family's Appointments tab and cancels it.
Jayden messages Sam from his space; his mother never sees it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
PRECIOUS = "precious@family.example"
JAYDEN = "jayden@family.example"
PHONE = {"width": 320, "height": 640}


def _phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, accept_downloads=True)
    context.set_default_timeout(10_000)
    return context


def _past_interruption(phone: Any) -> None:
    if "/before-you-start/" in phone.url:
        phone.get_by_role("button", name="Continue").click()


def test_precious_sees_her_appointment_adds_it_to_her_calendar_and_asks_to_rearrange(
    page: Any, browser: Any, demo_world: Any, live_server: Any
) -> None:
    context = _phone(browser, live_server)
    phone = context.new_page()
    sign_in(phone, PRECIOUS, DEMO_PASSWORD)
    _past_interruption(phone)
    start = phone.get_by_role("heading", name="Appointments").locator("..")
    expect(start).to_contain_text("Home visit")
    assert_accessible(phone)
    phone.get_by_role("link", name="See your appointments").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Appointments")
    expect(phone.locator(".govuk-summary-card").first).to_contain_text("Home visit")
    # The workers-only strategy meeting is not here.
    expect(phone.get_by_text("Strategy meeting")).to_have_count(0)
    assert_accessible(phone)
    card = phone.locator(".govuk-summary-card").first
    with phone.expect_download() as download:
        card.get_by_role("link", name=re.compile("Add to calendar")).click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert "SUMMARY:Appointment" in ics
    for word in ("relsafe", "Home visit", "Sam"):
        assert word not in ics
    card.get_by_role("link", name=re.compile("Ask to rearrange")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ask to rearrange")
    assert_accessible(phone)
    phone.get_by_role("button", name="Send to my worker").click()
    expect(phone.get_by_role("link", name=re.compile("Say when would suit"))).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("When would suit you better?").fill("Could it be Friday after 4?")
    phone.get_by_role("button", name="Send to my worker").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Messages with your worker")
    expect(phone.get_by_text("About the appointment: Home visit").last).to_be_visible()
    assert_accessible(phone)
    context.close()

    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Appointments today and this week")).to_be_visible()
    page.goto(reverse("portal:family-messages", args=[family.pk]))
    expect(page.get_by_text("Could it be Friday after 4?")).to_be_visible()
    expect(page.get_by_role("link", name="change it").last).to_be_visible()
    assert_accessible(page)


def test_sam_arranges_a_school_meeting_from_the_family_tab_and_cancels_it(
    page: Any, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(reverse("cases:family", args=[family.pk]))
    page.get_by_role("link", name="Appointments", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appointments")
    expect(page.get_by_text("No, workers only")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Arrange an appointment").click()
    page.get_by_role("button", name="Save appointment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what kind")
    assert_accessible(page)
    page.get_by_label("School meeting").check()
    day = timezone.localdate() + dt.timedelta(days=6)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("15:30")
    page.get_by_label("In person").check()
    page.get_by_label("Where").fill("Jayden's school, main office")
    page.get_by_label("Who will be there (optional)").fill("Sam, head of year")
    page.get_by_role("button", name="Save appointment").click()
    expect(page.get_by_text("Appointment arranged")).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text="Jayden's school, main office")
    expect(card).to_be_visible()
    assert_accessible(page)
    card.get_by_role("link", name=re.compile("^Cancel")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel the school meeting")
    assert_accessible(page)
    page.get_by_label("Why is it cancelled? (optional)").fill("The school asked to move it.")
    page.get_by_role("button", name="Cancel the appointment").click()
    expect(page.get_by_text("Appointment cancelled")).to_be_visible()
    page.goto(reverse("records:chronology", args=[family.pk]))
    expect(page.get_by_text("Home visit held").first).to_be_visible()


def test_jayden_messages_his_worker_and_his_mother_does_not_see_it(
    page: Any, browser: Any, demo_world: Any, live_server: Any
) -> None:
    context = _phone(browser, live_server)
    phone = context.new_page()
    sign_in(phone, JAYDEN, DEMO_PASSWORD)
    _past_interruption(phone)
    phone.get_by_role("link", name="Message my worker").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Messages with my worker")
    expect(phone.get_by_text("can we meet at the youth centre not at home")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Your message").fill("training moved to tuesday")
    phone.get_by_role("button", name="Send message").click()
    expect(phone.get_by_text("Message sent.")).to_be_visible()
    assert_accessible(phone)
    context.close()

    context = _phone(browser, live_server)
    mother = context.new_page()
    sign_in(mother, PRECIOUS, DEMO_PASSWORD)
    _past_interruption(mother)
    mother.goto(reverse("portal:messages"))
    expect(mother.get_by_text("training moved to tuesday")).to_have_count(0)
    context.close()

    jayden = demo_world.young_people["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(reverse("portal:young-person-messages", args=[jayden.pk]))
    expect(page.get_by_text("training moved to tuesday")).to_be_visible()
    assert_accessible(page)
