"""Issue 14: Precious asks what is held about Jayden. Robin (administrator) logs the request,
everything held is gathered, he withholds a third party's words; Dana (a second person) signs
off; the disclosure pack downloads with the words burned out of it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.demo import DEMO_PASSWORD
from relsafe.governance.models import Passage, SubjectAccessRequest
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROBIN = "robin@parents-together.example"
DANA = "dana@parents-together.example"


def _unique_word(passage: Passage) -> str:
    """A word of this passage found in no other passage of the request, to withhold."""
    others = " ".join(
        p.text for p in Passage.objects.filter(request=passage.request).exclude(pk=passage.pk)
    )
    words = re.findall(r"[A-Za-z]{6,}", passage.text.split(":", 1)[1])
    return next(w for w in words if w not in others and w not in passage.source)


def test_subject_access_from_log_to_disclosure_pack(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    jayden = demo_world.young_people["jayden"]

    sign_in(page, ROBIN, DEMO_PASSWORD)
    page.goto("/governance/")
    expect(page.get_by_role("heading", name="Data protection", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log a subject access request").click()
    expect(page.get_by_role("heading", name="Log a subject access request")).to_be_visible()
    assert_accessible(page)

    # Missing answers are explained beside each field.
    page.get_by_role("button", name="Log request and gather").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Who is the request about?").select_option(
        f"{family.pk}|young_person:{jayden.pk}"
    )
    page.get_by_label("Who made the request").fill("Precious Mensah, for her son Jayden")
    fill_date(page, "Date received", "30/11/2026")
    page.get_by_role("button", name="Log request and gather").click()
    expect(page.get_by_role("heading", name=str(jayden), level=1)).to_be_visible()
    expect(page.get_by_text("30 December 2026")).to_be_visible()
    assert_accessible(page)

    sar = SubjectAccessRequest.objects.get(subject_label=f"young_person:{jayden.pk}")
    passage = sar.passages.filter(source__startswith="Contact").first()
    assert passage is not None
    secret = _unique_word(passage)
    card = page.locator(f"#passage-{passage.pk}")
    card.locator("summary").click()
    card.get_by_label("Words to withhold").fill(secret)
    card.get_by_label("Exemption").select_option("third_party")
    card.get_by_role("button", name="Withhold these words").click()
    expect(page.get_by_text("Words withheld.")).to_be_visible()
    card = page.locator(f"#passage-{passage.pk}")
    expect(card.get_by_text("[withheld]").first).to_be_visible()
    # Robin logged it and redacted it: he cannot sign it off himself.
    expect(page.get_by_role("button", name="Sign off the redactions")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/account/sign-in/"))

    sign_in(page, DANA, DEMO_PASSWORD)
    page.goto(f"/governance/subject-access/{sar.pk}/")
    page.get_by_role("button", name="Sign off the redactions").click()
    expect(page.get_by_text("Redactions signed off.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the disclosure pack (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert secret not in text
    assert "Schedule of exemptions used" in text
    assert "Sch. 2 Part 3 para. 16" in " ".join(text.split())
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.DISCLOSED
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(sar.pk)).exists()
