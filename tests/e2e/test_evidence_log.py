"""Journey 3's first half (PRODUCT.md §9): on a 360 px phone Precious logs a grey Audi, its
plate, a man called "Ghost" and a phone number, with a photo whose location is removed before it
is kept; Sam sees the new entry on his start page and reviews it; Precious sees its status
change; she exports her log as a signed PDF, which ``verify_evidence_export`` accepts, and
refuses once one byte is changed. Every evidence page has no axe violations at 320 px.

The number of browser actions for an entry with one vehicle and one phone number is counted
(issue 9: at most 8) and printed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from relsafe.core.crypto import decrypt_bytes
from relsafe.core.demo import DEMO_PASSWORD
from relsafe.evidence import photos
from relsafe.evidence.models import EntryHandling, EvidenceEntry
from tests.e2e.conftest import assert_accessible, sign_in
from tests.evidence.factories import gps_of, jpeg_with_gps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRECIOUS = "precious@family.example"
SAM = "sam@parents-together.example"
MAX_ACTIONS = 8


class Actions:
    """Counts what a person does in the browser (a click, a fill, choosing a file)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator: Any, action: str, *args: Any) -> None:
        getattr(locator, action)(*args)
        self.count += 1


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))


def fits_320(page: Any) -> None:
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport"


def test_precious_logs_sam_reviews_she_exports_a_signed_log(
    page: Any, demo_world: Any, tmp_path: Path, capsys: Any
) -> None:
    family = demo_world.families["jayden"]
    photo = tmp_path / "note-in-pocket.jpg"
    photo.write_bytes(jpeg_with_gps())
    assert gps_of(photo.read_bytes()), "the test photo must carry a location"

    # Precious, on her phone.
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    if "/before-you-start/" in page.url:
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your log")).to_be_visible()

    act = Actions()
    act(page.get_by_role("link", name="Add to your log"), "click")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add to your log")
    act(
        page.get_by_label("What you saw or heard"),
        "fill",
        "The grey Audi picked Jayden up by the chip shop. The driver called himself Ghost. "
        "I found a phone number on a note in Jayden's pocket.",
    )
    act(page.get_by_label("Number plate"), "fill", "LM19 XKD")
    act(page.get_by_label("Colour"), "fill", "Grey")
    act(page.get_by_label("Make and model"), "fill", "Audi A3")
    act(page.get_by_label("Phone number"), "fill", "07700 900 461")
    vehicle_and_phone = act.count + 1  # and the button that adds it
    act(page.get_by_label("Nickname or street name"), "fill", "Ghost")
    act(page.get_by_label("Photos"), "set_input_files", str(photo))
    act(page.get_by_role("button", name="Add to your log"), "click")
    expect(page.get_by_text("added to the log")).to_be_visible()
    with capsys.disabled():
        print(  # noqa: T201 - the issue asks for the count to be printed
            f"\nBrowser actions for an entry with one vehicle and one phone number: "
            f"{vehicle_and_phone} (at most {MAX_ACTIONS}); with 'Ghost' and a photo as well: "
            f"{act.count}"
        )
    assert vehicle_and_phone <= MAX_ACTIONS

    entry = EvidenceEntry.objects.filter(family=family).order_by("-sequence").first()
    assert entry is not None
    assert entry.vehicles.get().plate == "LM19XKD"
    assert entry.people.get().nickname == "Ghost"
    assert entry.phones.get().number == "+447700900461"
    on_disk = Path(settings.MEDIA_ROOT, photos.FOLDER, entry.photos.get().stored_name).read_bytes()
    assert not on_disk.startswith(b"\xff\xd8"), "the photo was kept unencrypted"
    kept = decrypt_bytes(on_disk)
    assert gps_of(kept) == {}, "the photo was kept with its location"
    card = page.locator(".govuk-summary-card", has_text=f"Entry {entry.sequence}:")
    expect(card.locator("li", has_text="Received")).to_contain_text("Done")
    expect(card.locator("li", has_text="Reviewed by your worker")).to_contain_text("Not yet")
    sign_out(page)

    # Sam sees it on his start page and reviews it.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, SAM, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="New evidence log entries")).to_be_visible()
    page.get_by_role("link", name=f"{family.reference}: entry {entry.sequence},").click()
    expect(page.get_by_role("heading", name=f"Review entry {entry.sequence}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your notes").fill("Same car and nickname as in entry 1. To police.")
    page.get_by_label("Significant").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text(f"Entry {entry.sequence} reviewed.")).to_be_visible()
    assert EntryHandling.objects.get(entry=entry).reviewed_at is not None
    sign_out(page)

    # Precious sees the status change, and exports her log.
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    page.get_by_role("link", name="See your whole log").click()
    card = page.locator(".govuk-summary-card", has_text=f"Entry {entry.sequence}:")
    expect(card.locator("li", has_text="Reviewed by your worker")).to_contain_text("Done")
    expect(card).not_to_contain_text("Same car and nickname")  # Sam's notes stay his
    page.get_by_role("link", name="Export for police or court").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Export the log for police or court")).to_be_visible()
    page.get_by_label("PDF, signed").check()
    page.get_by_label("I confirm the statement of truth").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    signed = tmp_path / "evidence-log.pdf"
    download.value.save_as(signed)

    call_command("verify_evidence_export", str(signed))
    output = capsys.readouterr().out
    assert "VALID" in output
    assert f"Family log: {family.reference}" in output
    assert f"Chain head: {entry.entry_hash}" in output

    tampered = tmp_path / "evidence-log-changed.pdf"
    data = bytearray(signed.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    with pytest.raises(SystemExit) as refused:
        call_command("verify_evidence_export", str(tampered))
    assert refused.value.code == 1
    assert "NOT VALID" in capsys.readouterr().err

    # Every evidence page, at 320 px, as Precious and then as Sam.
    page.set_viewport_size({"width": 320, "height": 640})
    precious_pages = [
        "/",
        f"/evidence/families/{family.pk}/",
        f"/evidence/families/{family.pk}/new/",
        f"/evidence/entries/{entry.pk}/",
        f"/evidence/entries/{entry.pk}/correct/",
        f"/evidence/families/{family.pk}/export/",
        "/evidence/why-keep-a-log/",
    ]
    for path in precious_pages:
        page.goto(path)
        fits_320(page)
    # A form sent with mistakes: the error summary and messages pass too.
    page.goto(f"/evidence/families/{family.pk}/new/")
    page.get_by_label("What you saw or heard").fill("<script>alert(1)</script>")
    page.get_by_label("Phone number").fill("12")
    page.get_by_role("button", name="Add to your log").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    fits_320(page)
    page.get_by_role("button", name="Add another vehicle").click()
    expect(page.get_by_role("group", name="Vehicle 2")).to_be_visible()
    expect(page.get_by_label("What you saw or heard")).to_have_value("<script>alert(1)</script>")
    fits_320(page)
    sign_out(page)

    sign_in(page, SAM, DEMO_PASSWORD)
    for path in (
        "/",
        f"/evidence/families/{family.pk}/",
        f"/evidence/families/{family.pk}/new/",
        f"/evidence/entries/{entry.pk}/",
        f"/evidence/entries/{entry.pk}/review/",
    ):
        page.goto(path)
        fits_320(page)
    # The family page's evidence section (the page's other sections have their own journeys;
    # one of their tables scrolls sideways at 320 px).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/families/{family.pk}/")
    expect(page.get_by_role("heading", name="Evidence log")).to_be_visible()
    assert_accessible(page)
