"""The outcomes pages: a family's proof, recording an outcome, the figures and the commissioner's
report with its exports, and that a commissioner never sees a name, date of birth, reference or
note."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.cases.models import Carer, Family, YoungPerson
from relsafe.outcomes.models import OutcomeEvent, OutcomeKind, PublishedReport
from tests.conftest import identity_confirmed, sign_in_client
from tests.factories import CaseScene, SafetyMappingFactory, case_scene
from tests.outcomes.factories import OutcomeEventFactory, seeded_tables

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    return identity_confirmed(sign_in_client(Client(), user))


@pytest.fixture
def scene() -> CaseScene:
    seeded_tables()
    s = case_scene()
    s.family.opened_at = timezone.now() - dt.timedelta(days=240)
    s.family.save()
    return s


def test_the_proof_page_shows_outcomes_scales_and_the_reasoning(scene: CaseScene) -> None:
    OutcomeEventFactory(
        family=scene.family,
        young_person=scene.young_person,
        kind=OutcomeKind.SECURE_PLACEMENT_AVOIDED,
        rationale="The panel no longer considers a secure order.",
        recorded_by=scene.worker,
    )
    for days, scale in ((200, 2), (10, 7)):
        SafetyMappingFactory(
            young_person=scene.young_person,
            mapped_on=timezone.localdate() - dt.timedelta(days=days),
            worker_scale=scale,
            parent_scale=scale,
            young_person_scale=scale,
            recorded_by=scene.worker,
        )
    response = client_for(scene.worker).get(reverse("outcomes:family", args=[scene.family.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "The panel no longer considers a secure order." in text
    assert "Safety scale up: young person" in text
    assert 'role="img"' in text
    # £210,000 (2019) -> £258,912.44 (2024) x 0.5 x 0.15 / 0.3 / 0.5.
    assert "£19,418 to £64,728 (central £38,837)" in text
    assert "Probability it would have happened without support: 15% low, 30% central" in text


def test_recording_an_outcome_dated_before_the_family_opened_says_so(scene: CaseScene) -> None:
    url = reverse("outcomes:record", args=[scene.family.pk])
    client = client_for(scene.worker)
    too_early = timezone.localtime(scene.family.opened_at).date() - dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "kind": OutcomeKind.FAMILY_STAYED_TOGETHER,
            "occurred_on": too_early.isoformat(),
            "rationale": "They stayed together.",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "when the family was opened" in response.content.decode()
    assert not OutcomeEvent.objects.exists()
    response = client.post(
        url,
        {
            "kind": OutcomeKind.FAMILY_STAYED_TOGETHER,
            "occurred_on": timezone.localdate().isoformat(),
            "rationale": "They stayed together.",
        },
    )
    assert response.status_code == 302
    assert OutcomeEvent.objects.get().young_person is None


def test_the_dashboard_draws_charts_with_the_same_numbers_in_tables(scene: CaseScene) -> None:
    response = client_for(scene.commissioner).get(reverse("outcomes:dashboard"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('<svg class="rs-chart"') == 5
    assert "Outcomes by type and quarter" in text
    assert "Every assumption behind these figures" in text
    assert "GDP deflator at market prices" in text


def test_a_bad_period_is_a_clear_error(scene: CaseScene) -> None:
    response = client_for(scene.commissioner).get(
        reverse("outcomes:dashboard"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert "The end of the period must be on or after its start" in response.content.decode()


def test_csv_and_xlsx_of_the_aggregate_tables(scene: CaseScene) -> None:
    from openpyxl import load_workbook

    client = client_for(scene.commissioner)
    csv_text = client.get(reverse("outcomes:figures-csv")).content.decode("utf-8-sig")
    assert csv_text.startswith("Table,Row,Column,Value")
    assert "Cohort,All families supported,Families,fewer than 5" in csv_text
    response = client.get(reverse("outcomes:figures-xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Outcomes by type" in workbook.sheetnames
    assert "Unit costs" in workbook.sheetnames


def test_the_published_report_as_pdf_reads_well(scene: CaseScene) -> None:
    from pypdf import PdfReader

    client = client_for(scene.commissioner)
    response = client.post(reverse("outcomes:publish"), {"title": "Outcomes this year"})
    report = PublishedReport.objects.get()
    assert response["Location"] == reverse("outcomes:report", args=[report.pk])
    pdf = client.get(reverse("outcomes:report-pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in ("Outcomes this year", "Summary", "Costs avoided", "Methods", "Sources"):
        assert words in text
    assert "fewer than 5" in text


def test_an_administrator_changes_a_unit_cost_and_bad_input_is_explained(scene: CaseScene) -> None:
    client = client_for(scene.administrator)
    url = reverse("outcomes:unit-cost-edit", args=["crown_court_day"])
    data = {
        "item": "Crown Court sitting day",
        "amount": "-3036",
        "unit": "day",
        "price_year": "2022",
        "source": "MoJ",
        "citation": "MoJ answer.",
        "cashable": "no",
    }
    response = client.post(url, data)
    assert "The amount cannot be negative" in response.content.decode()
    response = client.post(url, {**data, "amount": "3100", "price_year": "2040"})
    assert "There is no uprating index for 2040" in response.content.decode()
    response = client.post(url, {**data, "amount": "3100"})
    assert response.status_code == 302
    page = client.get(reverse("outcomes:tables")).content.decode()
    assert "£3,100 per sitting day" in page
    assert "In 2024 prices" in page
    assert "£258,912" in page  # the secure home's £210,000 of 2019, uprated
    assert "Changed unit cost: Crown Court sitting day" in page


def _demo_words() -> list[str]:
    """Every name, family reference and date of birth in the demo."""
    words: set[str] = set()
    for family in Family.objects.all():
        words.update({family.reference, family.name})
    for child in YoungPerson.objects.all():
        words.update({child.first_name, child.last_name, child.display_name})
        words.update({child.date_of_birth.isoformat(), f"{child.date_of_birth:%-d %B %Y}"})
    for carer in Carer.objects.all():
        words.add(carer.full_name)
    return sorted(w for w in words if w)


def _found(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def test_a_commissioner_never_sees_a_name_reference_date_of_birth_or_note(demo_world: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    hannah = User.objects.get(email="hannah@northbridge-council.example")
    client = client_for(hannah)
    notes = list(OutcomeEvent.objects.values_list("rationale", flat=True))
    texts: dict[str, str] = {}
    for name in ("core:start", "outcomes:dashboard", "outcomes:reports", "outcomes:tables"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        texts[name] = response.content.decode()
    texts["csv"] = client.get(reverse("outcomes:figures-csv")).content.decode("utf-8-sig")
    xlsx = load_workbook(io.BytesIO(client.get(reverse("outcomes:figures-xlsx")).content))
    texts["xlsx"] = " ".join(
        str(cell.value) for sheet in xlsx for row in sheet.iter_rows() for cell in row
    )
    client.post(reverse("outcomes:publish"), {"title": "Northbridge outcomes"})
    report = PublishedReport.objects.get()
    for name in ("outcomes:report", "outcomes:report-csv"):
        texts[name] = client.get(reverse(name, args=[report.pk])).content.decode("utf-8-sig")
    pdf = client.get(reverse("outcomes:report-pdf", args=[report.pk])).content
    texts["pdf"] = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    texts["stored report"] = str(report.figures)
    # Hannah's own name is in the account bar; "Price" is also a demo family's surname.
    words = [w for w in _demo_words() if w not in hannah.full_name.split()]
    assert "Jayden" in words
    assert "RS-0001" in words
    for where, text in texts.items():
        assert _found(text, words) == [], where
        assert not [n for n in notes if n[:40] in text], where
    # And the figures are there: outcomes, avoided costs with sources, small numbers hidden.
    assert "Family stayed together" in texts["outcomes:report"]
    assert "Children's Commissioner for England" in texts["pdf"]
    assert "fewer than 5" in texts["pdf"]


def _families_with_outcomes(organisation: Any, n: int) -> None:
    from tests.factories import FamilyFactory, MissingEpisodeFactory, YoungPersonFactory

    for _ in range(n):
        family: Any = FamilyFactory(
            lead_organisation=organisation, opened_at=timezone.now() - dt.timedelta(days=200)
        )
        child: Any = YoungPersonFactory(family=family)
        OutcomeEventFactory(family=family, young_person=child)
        MissingEpisodeFactory(family=family, young_person=child)
        for days, scale in ((150, 3), (20, 6)):
            SafetyMappingFactory(
                young_person=child,
                mapped_on=timezone.localdate() - dt.timedelta(days=days),
                worker_scale=scale,
            )


def test_the_dashboard_costs_the_same_for_3_families_as_for_30(
    scene: CaseScene, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(scene.commissioner)
    _families_with_outcomes(scene.family.lead_organisation, 3)
    client.get(reverse("outcomes:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("outcomes:dashboard"))
    _families_with_outcomes(scene.family.lead_organisation, 27)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("outcomes:dashboard"))
    assert "Family stayed together" in response.content.decode()


def test_the_spreadsheet_never_holds_a_formula(scene: CaseScene) -> None:
    from openpyxl import load_workbook

    from relsafe.outcomes import services

    services.change_unit_cost(
        actor=scene.administrator,
        key="formula",
        item='=HYPERLINK("http://evil.example","click")',
        amount="10",
        unit="case",
        price_year=2024,
        source="@SUM(A1)",
        source_url="",
        citation="-1+1",
        cashable=False,
        reason="",
    )
    response = client_for(scene.commissioner).get(reverse("outcomes:figures-xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    values = [c.value for row in workbook["Unit costs"].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert not [v for v in values if isinstance(v, str) and v.startswith(("=", "@", "+", "-"))]
