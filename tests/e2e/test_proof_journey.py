"""Journey 5 (PRODUCT.md §9): proof. Over eight months Jayden's safety scale rose from 2 to 7 in all
three voices and Precious's wellbeing and understanding rose in her check-ins; Sam records that the family stayed together and that a secure placement was avoided,
with his reasons; Hannah, the commissioner, sees the cohort's outcomes and avoided costs with their
sources, small numbers suppressed and no names, publishes the report and downloads the PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from relsafe.outcomes.models import OutcomeEvent, PublishedReport
from tests.e2e.conftest import assert_accessible, current_code, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
HANNAH = "hannah@northbridge-council.example"
ROBIN = "robin@parents-together.example"
SECURE_REASONS = (
    "The strategy meeting in the spring asked about a secure welfare order. With the "
    "missing-from-home plan, his uncle collecting him after training and the adults at the "
    "shopping centre disrupted, the review agreed it is no longer needed."
)
TOGETHER_REASONS = "Care proceedings planning closed: Jayden stays at home with Precious and Amara."
NAMES = ("Jayden", "Mensah", "Precious", "Amara", "RS-0001")


def next_step_code(email: str) -> str:
    """The code for confirming who you are just after signing in: the one used to sign in
    cannot be used again, so this is a later step's (``current_code`` knows the device's last)."""
    return current_code(email)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    page.wait_for_load_state()


def record(page: Any, *, outcome: str, who: str, on: str, why: str) -> None:
    page.get_by_role("link", name="Record an outcome").click()
    expect(page.get_by_role("heading", name="Record an outcome")).to_be_visible()
    page.get_by_label(outcome).check()
    page.get_by_label("Who is it about").select_option(label=who)
    page.get_by_label("Date of the outcome").fill(on)
    page.get_by_label("Why you are recording this outcome").fill(why)
    page.get_by_role("button", name="Save outcome").click()


def test_proof_of_what_changed_and_what_it_is_worth(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    # Sam records the outcomes in this journey himself (the demo's are taken away first).
    OutcomeEvent.objects.filter(family=family).delete()
    opened = timezone.localtime(family.opened_at).date()

    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Outcomes and what they are worth").click()
    expect(page.get_by_role("heading", name="Outcomes and what they are worth")).to_be_visible()
    # The safety scale rose from 2 to 7 in all three voices, with the same numbers in the table.
    scale = page.locator("table", has_text="Safety scale, 0 to 10, by date of mapping")
    rows = scale.locator("tbody tr")
    expect(rows.first.locator("td")).to_have_text(["2", "2", "2"])
    expect(rows.last.locator("td")).to_have_text(["7", "7", "7"])
    # Precious's wellbeing and understanding rose (from her check-ins in the portal).
    measures = page.locator("table", has_text="from the parent's check-ins")
    expect(measures.locator("tr", has_text="Wellbeing")).to_contain_text("2 of 5")
    expect(measures.locator("tr", has_text="Wellbeing")).to_contain_text("4 of 5")
    expect(measures.locator("tr", has_text="Understanding")).to_contain_text("4 of 5")
    worked_out = page.locator("table", has_text="Outcomes since the family was opened")
    for voice in ("worker", "parent or carer", "young person"):
        expect(worked_out).to_contain_text(f"Safety scale up: {voice}")
    expect(worked_out).to_contain_text("Parent's wellbeing up")
    expect(worked_out).to_contain_text("Parent's understanding up")
    expect(worked_out).to_contain_text("Missing episodes down")
    assert_accessible(page)

    # A date before the family was opened is explained, and what was typed is kept.
    record(
        page,
        outcome="Secure placement avoided",
        who="Jayden Mensah",
        on=(opened.replace(year=opened.year - 1)).isoformat(),
        why=SECURE_REASONS,
    )
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("when the family was opened").first).to_be_visible()
    assert page.get_by_label("Why you are recording this outcome").input_value() == SECURE_REASONS
    assert_accessible(page)
    page.get_by_label("Date of the outcome").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    record(
        page,
        outcome="Family stayed together",
        who="The whole family",
        on=timezone.localdate().isoformat(),
        why=TOGETHER_REASONS,
    )
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    outcomes = page.locator("table", has_text="Outcomes since the family was opened")
    expect(outcomes.get_by_text(SECURE_REASONS)).to_be_visible()
    expect(outcomes.get_by_text(TOGETHER_REASONS)).to_be_visible()
    # The estimate gives its reasoning: the secure home's cost, uprated, and the probability.
    expect(
        page.get_by_text(re.compile(r"Secure placement avoided: 1 outcome \S £129,456\.22"))
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"£210,000 per child per year in 2019 prices"))
    ).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page)
    # Sam can change what he recorded (the shared edit flow).
    page.get_by_role("link", name=re.compile(r"^Change\W+family stayed together")).click()
    expect(page.get_by_role("heading", name="Change an outcome")).to_be_visible()
    assert page.get_by_label("Why you are recording this outcome").input_value() == TOGETHER_REASONS
    assert_accessible(page)
    page.go_back()
    sign_out(page)

    # Hannah sees figures only: outcomes, avoided costs with sources, small numbers hidden.
    sign_in(page, HANNAH, DEMO_PASSWORD)
    page.get_by_role("link", name="See the figures").click()
    expect(page.get_by_role("heading", name="Outcomes and avoided costs", level=1)).to_be_visible()
    outcome_table = page.locator("table", has_text="Outcomes by type and quarter")
    expect(outcome_table.locator("tr", has_text="Family stayed together")).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    expect(page.get_by_text("Children's Commissioner for England (2019)").first).to_be_visible()
    for name in NAMES:
        assert name not in page.content(), name
    page.wait_for_load_state()
    assert_accessible(page)

    page.get_by_role("link", name="Cost tables").click()
    expect(page.get_by_role("heading", name="Cost tables")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Publish the commissioner's report").click()
    expect(page.get_by_role("heading", name="Publish the commissioner's report")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title of the report").fill("Parent liaison service: outcomes this year")
    page.get_by_role("button", name="Publish report").click()
    expect(
        page.get_by_role("heading", name="Parent liaison service: outcomes this year")
    ).to_be_visible()
    expect(page.get_by_text("Every assumption behind these figures")).to_be_visible()
    for name in NAMES:
        assert name not in page.content(), name
    page.wait_for_load_state()
    assert_accessible(page)

    # The PDF needs Hannah to confirm who she is first; then it downloads and reads well.
    page.get_by_role("link", name="Download the report (PDF)").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(next_step_code(HANNAH))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Continue").click()
    pdf = download_info.value
    from pypdf import PdfReader

    with open(pdf.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Parent liaison service: outcomes this year" in text
    for words in ("Summary", "Outcomes", "Costs avoided", "Sources", "Methods", "fewer than 5"):
        assert words in text, words
    for name in NAMES:
        assert name not in text, name

    page.goto("/outcomes/reports/")
    expect(page.get_by_role("heading", name="Published reports")).to_be_visible()
    assert_accessible(page)
    report = PublishedReport.objects.get()
    published = report.figures["costs"]["totals"]
    sign_out(page)

    # Robin, the administrator, changes a probability: bad input is explained; the change is a
    # new version of the tables, and Hannah's published report keeps the figures it was built with.
    sign_in(page, ROBIN, DEMO_PASSWORD)
    page.get_by_role("link", name="Unit costs, probabilities and the uprating index").click()
    page.get_by_role("link", name="Change probability for Family stayed together").click()
    expect(page.get_by_role("heading", name="Probability: Family stayed together")).to_be_visible()
    page.get_by_label("High probability (0 to 1)").fill("1.5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("The high probability must be between 0 and 1").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("High probability (0 to 1)").fill("0.5")
    page.get_by_label("Central probability (0 to 1)").fill("0.3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Probability saved as a new version of the tables.")).to_be_visible()
    expect(page.get_by_text("Changed probability: Family stayed together.")).to_be_visible()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.figures["costs"]["totals"] == published
    assert report.table_version.number == 1
