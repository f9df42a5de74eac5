"""A court-ready chronology (issue 16, item 6): sentences that read correctly for every way a
missing episode ends, other apps' significant events merged in, date-only events kept date-only,
sections kept apart, and a tagged PDF that names the worker."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relsafe.plans.models import Referral
from relsafe.records.models import MissingEpisode
from relsafe.records.selectors import family_chronology, missing_sentence, return_sentence
from tests.conftest import identity_confirmed
from tests.factories import (
    ChronologyEntryFactory,
    MissingEpisodeFactory,
    ReturnHomeInterviewFactory,
)
from tests.records.conftest import RecordsWorld

UK = ZoneInfo("Europe/London")
BACK = dt.datetime(2026, 11, 5, 3, 0, tzinfo=UK)
Found = MissingEpisode.FoundBy


def _episode(**fields: Any) -> MissingEpisode:
    values: dict[str, Any] = {
        "reported_missing_at": dt.datetime(2026, 11, 4, 23, 0, tzinfo=UK),
        "reported_by": "Precious Mensah (mum)",
        "returned_at": BACK,
        "where_found": "",
        "found_by": "",
        "found_by_detail": "",
        "risk_level": MissingEpisode.Risk.HIGH,
    }
    values.update(fields)
    return MissingEpisode(**values)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"found_by": Found.PARENT_OR_CARER, "found_by_detail": "his mother"},
            "Came back at 03:00 on 5 November 2026, found by his mother.",
        ),
        (
            {
                "found_by": Found.PARENT_OR_CARER,
                "found_by_detail": "his mum, Precious",
                "where_found": "Northbridge railway station",
            },
            "Came back at 03:00 on 5 November 2026, found by his mum, Precious, at Northbridge "
            "railway station.",
        ),
        (
            {"found_by": Found.PARENT_OR_CARER},
            "Came back at 03:00 on 5 November 2026, found by a parent or carer.",
        ),
        (
            {
                "found_by": Found.PARENT_OR_CARER,
                "found_by_detail": "Precious found him herself and brought him home",
                "where_found": "Northbridge railway station",
            },
            "Came back at 03:00 on 5 November 2026, found by a parent or carer at Northbridge "
            "railway station. Precious found him herself and brought him home.",
        ),
        (
            {"found_by": Found.RETURNED_THEMSELVES},
            "Came back at 03:00 on 5 November 2026, by themselves.",
        ),
        (
            {"found_by": Found.RETURNED_THEMSELVES, "where_found": "Home"},
            "Came back at 03:00 on 5 November 2026, by themselves. Where they were: Home.",
        ),
        (
            {"found_by": Found.POLICE, "where_found": "A friend's house across town"},
            "Came back at 03:00 on 5 November 2026, found by the police at A friend's house "
            "across town.",
        ),
        (
            {"found_by": Found.POLICE, "found_by_detail": "PC Shah"},
            "Came back at 03:00 on 5 November 2026, found by the police (PC Shah).",
        ),
        (
            {"found_by": Found.OTHER, "found_by_detail": "his football coach"},
            "Came back at 03:00 on 5 November 2026, found by his football coach.",
        ),
        (
            {"found_by": Found.OTHER},
            "Came back at 03:00 on 5 November 2026, found by someone else.",
        ),
        (
            {"where_found": "Northbridge railway station"},
            "Came back at 03:00 on 5 November 2026. Found at Northbridge railway station.",
        ),
        ({}, "Came back at 03:00 on 5 November 2026."),
        ({"returned_at": None}, "Not back yet."),
    ],
)
def test_every_way_of_coming_back_reads_as_a_sentence(
    fields: dict[str, Any], expected: str
) -> None:
    assert return_sentence(_episode(**fields)) == expected
    assert "found by came back" not in return_sentence(_episode(**fields))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"police_reference": "NB-2026-04417"},
            "Reported missing at 23:00 on 4 November 2026 by Precious Mensah (mum). "
            "Risk level: high. Police reference NB-2026-04417.",
        ),
        (
            {"reported_by": "", "risk_level": MissingEpisode.Risk.LOW},
            "Reported missing at 23:00 on 4 November 2026. Risk level: low.",
        ),
    ],
)
def test_the_report_reads_as_a_sentence(fields: dict[str, Any], expected: str) -> None:
    assert missing_sentence(_episode(**fields)) == expected


@pytest.fixture
def night_missing(world: RecordsWorld) -> MissingEpisode:
    reported = timezone.now() - dt.timedelta(days=2)
    episode: MissingEpisode = MissingEpisodeFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        reported_missing_at=reported,
        returned_at=reported + dt.timedelta(hours=4),
        found_by=Found.PARENT_OR_CARER,
        found_by_detail="his mother",
        where_found="the station",
    )
    ReturnHomeInterviewFactory.create(
        episode=episode,
        recorded_by=world.worker,
        done_at=reported + dt.timedelta(hours=34),
        pull_factors="<p>Told he owed money</p>",
        what_would_help="<p>Boxing on Fridays</p>",
    )
    ChronologyEntryFactory.create(
        family=world.family,
        recorded_by=world.worker,
        title="Jayden scored in the cup final",
        tag="strength",
        occurred_on=timezone.localdate() - dt.timedelta(days=1),
    )
    return episode


@pytest.mark.django_db
def test_screenings_mappings_referrals_and_plan_reviews_appear_as_significant_events(
    world: RecordsWorld,
) -> None:
    from relsafe.plans import services as plan_services
    from tests.factories import ReferralFactory, SafetyMappingFactory, ScreeningFactory

    today = timezone.localdate()
    ScreeningFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        screened_on=today - dt.timedelta(days=9),
    )
    SafetyMappingFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        mapped_on=today - dt.timedelta(days=8),
    )
    ReferralFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        kind=Referral.Kind.MASH,
        submitted_on=today - dt.timedelta(days=7),
        outcome_on=today - dt.timedelta(days=5),
        outcome="Accepted for a joint visit",
    )
    plan = plan_services.start_plan(actor=world.worker, family=world.family)
    plan = plan_services.update_plan(
        actor=world.worker,
        plan=plan,
        expected_version=plan.version,
        values={"review_on": today + dt.timedelta(days=10)},
    )
    plan_services.update_plan(
        actor=world.worker,
        plan=plan,
        expected_version=plan.version,
        values={"review_on": today + dt.timedelta(days=90)},
    )
    _, items = family_chronology(user=world.worker, pk=world.family.pk)
    by_kind = {i.kind: i for i in items}
    assert by_kind["assessment"].date_only
    assert {i.title.split(" for ")[0] for i in items if i.kind == "assessment"} == {
        "Exploitation screening",
        "Strengths and worries mapping",
    }
    titles = [i.title for i in items]
    name = world.young_person.display_name
    assert f"MASH (front door) referral made for {name}" in titles
    assert f"Decision on the MASH (front door) referral for {name}" in titles
    decision = next(i for i in items if i.title.startswith("Decision"))
    assert decision.body_text == "Accepted for a joint visit"
    review = by_kind["plan"]
    assert review.title == "Plan reviewed"
    assert review.recorded_by == world.worker.full_name
    assert review.body_text.startswith("Next review on ")
    # Police see none of them: they may not see assessments or plans.
    _, police_items = family_chronology(user=world.police_analyst, pk=world.family.pk)
    assert not {"assessment", "referral", "plan"} & {i.kind for i in police_items}


@pytest.mark.django_db
def test_csv_keeps_date_only_events_date_only_and_sections_apart(
    world: RecordsWorld, night_missing: MissingEpisode, signed_in: Any
) -> None:
    client = identity_confirmed(signed_in(world.worker))
    response = client.get(reverse("records:chronology-csv", args=[world.family.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_title = {r["What happened"]: r for r in rows}
    cup = by_title["Jayden scored in the cup final"]
    assert cup["Time"] == ""
    assert cup["Date"] == (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    missing = by_title[f"{world.young_person.display_name} went missing"]
    back = timezone.localtime(night_missing.returned_at)
    assert missing["Time"] == f"{timezone.localtime(night_missing.reported_missing_at):%H:%M}"
    assert (
        f"Came back at {back:%H:%M} on {back.day} {back:%B %Y}, found by his mother at the station."
        in (missing["Details"])
    )
    assert missing["Recorded by"] == world.worker.full_name
    interview = by_title[f"Return home interview with {world.young_person.display_name}"]
    assert interview["Details"] == (
        "What pulled them away: Told he owed money\n\nWhat would help: Boxing on Fridays"
    )


@pytest.mark.django_db
def test_pdf_is_tagged_names_the_worker_and_uses_one_font_family(
    world: RecordsWorld, night_missing: MissingEpisode, signed_in: Any
) -> None:
    client = identity_confirmed(signed_in(world.worker))
    response = client.get(reverse("records:chronology-pdf", args=[world.family.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "found by his mother at the station." in text
    assert "found by came back" not in text
    assert f"Recorded by {world.worker.full_name}, {world.charity.name}" in text
    assert f"by {world.worker.full_name}" in text  # who exported it
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("en")
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # Regular and bold of one family (DejaVu Sans), nothing else.
    assert fonts
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}, fonts
