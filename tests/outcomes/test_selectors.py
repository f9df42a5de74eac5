"""Outcomes worked out from the record, the registry other apps fill, and what each person's figures
cover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from relsafe.accounts.roles import Role
from relsafe.cases.models import Family
from relsafe.outcomes import selectors, sources
from relsafe.outcomes.models import OutcomeKind
from tests.factories import (
    AllocationFactory,
    FamilyFactory,
    MissingEpisodeFactory,
    OrganisationFactory,
    ReturnHomeInterviewFactory,
    SafetyMappingFactory,
    TeamFactory,
    UserFactory,
    YoungPersonFactory,
)
from tests.outcomes.factories import OutcomeEventFactory, seeded_tables

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def _family(opened: dt.date, **kwargs: Any) -> Family:
    family: Any = FamilyFactory(opened_at=_at(opened), **kwargs)
    return family


def _all(family: Family) -> Any:
    return Family.objects.filter(pk=family.pk)


def test_missing_episodes_down_compares_the_months_before_support_with_those_since() -> None:
    family = _family(dt.date(2026, 3, 1))
    child: Any = YoungPersonFactory(family=family)
    # Three in the six months before (0.49 a month); one in the nine months since (0.11 a month).
    for day in (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 20),
        dt.date(2026, 2, 10),
        dt.date(2026, 6, 1),
    ):
        MissingEpisodeFactory(
            family=family, young_person=child, reported_missing_at=_at(day), returned_at=_at(day)
        )
    [outcome] = sources.missing_episodes_down(_all(family), dt.date(2026, 1, 1), TODAY)
    assert outcome.kind == OutcomeKind.MISSING_EPISODES_DOWN
    assert outcome.young_person_id == child.pk
    assert outcome.occurred_on == dt.date(2026, 5, 31)  # three months after opening
    # (3 / 5.98 - 1 / 8.97) a month x 8.97 months = 3.50 episodes fewer.
    assert outcome.quantity == Decimal("3.5")


def test_no_missing_outcome_without_episodes_before_or_with_more_since() -> None:
    family = _family(dt.date(2026, 3, 1))
    child: Any = YoungPersonFactory(family=family)
    MissingEpisodeFactory(
        family=family,
        young_person=child,
        reported_missing_at=_at(dt.date(2026, 2, 1)),
        returned_at=_at(dt.date(2026, 2, 1)),
    )
    for month in (4, 5, 6, 7):
        day = dt.date(2026, month, 3)
        MissingEpisodeFactory(
            family=family, young_person=child, reported_missing_at=_at(day), returned_at=_at(day)
        )
    assert sources.missing_episodes_down(_all(family), dt.date(2026, 1, 1), TODAY) == []


def test_a_return_interview_within_72_hours_is_an_outcome_and_a_late_one_is_not() -> None:
    family = _family(dt.date(2026, 3, 1))
    returned = _at(dt.date(2026, 10, 1))
    on_time = MissingEpisodeFactory(
        family=family, reported_missing_at=returned, returned_at=returned
    )
    ReturnHomeInterviewFactory(episode=on_time, done_at=returned + dt.timedelta(hours=71))
    late = MissingEpisodeFactory(family=family, reported_missing_at=returned, returned_at=returned)
    ReturnHomeInterviewFactory(episode=late, done_at=returned + dt.timedelta(hours=73))
    found = sources.return_interviews_in_time(_all(family), dt.date(2026, 1, 1), TODAY)
    assert [(o.kind, o.occurred_on) for o in found] == [
        (OutcomeKind.RETURN_INTERVIEW_IN_TIME, dt.date(2026, 10, 4))
    ]


def test_the_safety_scale_up_in_each_voice_that_went_up() -> None:
    family = _family(dt.date(2026, 3, 1))
    child: Any = YoungPersonFactory(family=family)
    SafetyMappingFactory(
        young_person=child,
        mapped_on=dt.date(2026, 4, 1),
        worker_scale=2,
        parent_scale=2,
        young_person_scale=5,
    )
    SafetyMappingFactory(
        young_person=child,
        mapped_on=dt.date(2026, 11, 1),
        worker_scale=7,
        parent_scale=7,
        young_person_scale=5,
    )
    found = sources.safety_scale_up(_all(family), dt.date(2026, 1, 1), TODAY)
    assert sorted(o.kind for o in found) == [
        OutcomeKind.SAFETY_SCALE_UP_PARENT,
        OutcomeKind.SAFETY_SCALE_UP_WORKER,
    ]
    assert {o.occurred_on for o in found} == {dt.date(2026, 11, 1)}
    assert "From 2 on 1 Apr 2026 to 7 on 1 Nov 2026." in {o.detail for o in found}


@pytest.fixture
def court_source() -> Iterator[None]:
    """Justice registering court attendance, as it will from its AppConfig.ready."""

    def compute(families: Any, start: dt.date, end: dt.date) -> list[sources.ComputedOutcome]:
        return [
            sources.ComputedOutcome(
                kind=OutcomeKind.CHILD_ATTENDED_COURT,
                family_id=f.pk,
                young_person_id=None,
                occurred_on=dt.date(2026, 9, 1),
            )
            for f in families
        ]

    sources.register_court_attendance(compute)
    yield
    sources.SOURCES.pop(sources.COURT_ATTENDANCE)


@pytest.mark.usefixtures("court_source")
def test_court_attendance_from_justice_counts_once_beside_the_same_recorded_outcome() -> None:
    family = _family(dt.date(2026, 3, 1))
    OutcomeEventFactory(
        family=family, kind=OutcomeKind.CHILD_ATTENDED_COURT, occurred_on=dt.date(2026, 9, 1)
    )
    items = selectors.outcomes_in(_all(family), dt.date(2026, 1, 1), TODAY)
    assert [(i.kind, i.computed) for i in items] == [(OutcomeKind.CHILD_ATTENDED_COURT, False)]


@pytest.fixture
def check_ins() -> Iterator[None]:
    """The portal registering parents' check-ins."""

    def compute(families: Any, start: dt.date, end: dt.date) -> list[sources.ParentMeasure]:
        return [
            sources.ParentMeasure(
                f.pk, "wellbeing", 3, dt.date(2026, 4, 1), 8, dt.date(2026, 11, 1)
            )
            for f in families
        ]

    registered = dict(sources.MEASURE_SOURCES)
    sources.register_parent_measures(compute)
    yield
    sources.MEASURE_SOURCES.clear()
    sources.MEASURE_SOURCES.update(registered)


@pytest.mark.usefixtures("check_ins")
def test_parent_measures_from_the_portal_become_outcomes_and_figures() -> None:
    families = [_family(dt.date(2026, 3, 1)) for _ in range(5)]
    found = sources.parent_measures_up(
        Family.objects.filter(pk__in=[f.pk for f in families]), dt.date(2026, 1, 1), TODAY
    )
    assert {o.kind for o in found} == {OutcomeKind.PARENT_WELLBEING_UP}
    figures = selectors.build_figures(selectors.Filters(start=dt.date(2026, 1, 1), end=TODAY))
    wellbeing = figures["parent_measures"][0]
    assert (wellbeing["parents"]["display"], wellbeing["first"], wellbeing["latest"]) == (
        "5",
        "3.0",
        "8.0",
    )


# --- whose figures -------------------------------------------------------------------------------


def test_a_manager_sees_their_own_organisations_figures_only() -> None:
    manager: Any = UserFactory(role=Role.TEAM_MANAGER)
    other: Any = OrganisationFactory()
    filters = selectors.resolve_filters(
        user=manager, start=dt.date(2026, 1, 1), end=TODAY, organisation_id=None, team_id=None
    )
    assert filters.organisation == manager.organisation
    with pytest.raises(Http404):
        selectors.resolve_filters(
            user=manager,
            start=dt.date(2026, 1, 1),
            end=TODAY,
            organisation_id=other.pk,
            team_id=None,
        )


def test_a_commissioner_sees_every_organisation_or_one() -> None:
    commissioner: Any = UserFactory(role=Role.COMMISSIONER)
    other: Any = OrganisationFactory()
    assert (
        selectors.resolve_filters(
            user=commissioner,
            start=dt.date(2026, 1, 1),
            end=TODAY,
            organisation_id=None,
            team_id=None,
        ).organisation
        is None
    )
    assert (
        selectors.resolve_filters(
            user=commissioner,
            start=dt.date(2026, 1, 1),
            end=TODAY,
            organisation_id=other.pk,
            team_id=None,
        ).organisation
        == other
    )


def test_the_cohort_is_the_families_supported_in_the_period_in_the_scope() -> None:
    charity: Any = OrganisationFactory()
    team: Any = TeamFactory(organisation=charity)
    worker: Any = UserFactory(team=team)
    in_period = _family(dt.date(2026, 2, 1), lead_organisation=charity)
    AllocationFactory(family=in_period, worker=worker)
    closed_before = _family(dt.date(2025, 1, 1), lead_organisation=charity)
    closed_before.closed_at = _at(dt.date(2025, 6, 1))
    closed_before.save()
    opened_after = _family(dt.date(2026, 12, 1), lead_organisation=charity)
    other_team = _family(dt.date(2026, 2, 1), lead_organisation=charity)
    AllocationFactory(family=other_team, worker=UserFactory(team=TeamFactory(organisation=charity)))
    elsewhere = _family(dt.date(2026, 2, 1))
    filters = selectors.Filters(start=dt.date(2026, 1, 1), end=TODAY, organisation=charity)
    assert set(selectors.cohort(filters)) == {in_period, other_team}
    by_team = selectors.Filters(
        start=dt.date(2026, 1, 1), end=TODAY, organisation=charity, team=team
    )
    assert list(selectors.cohort(by_team)) == [in_period]
    assert opened_after not in selectors.cohort(filters)
    assert elsewhere not in selectors.cohort(filters)


def test_figures_suppress_small_numbers_and_leave_their_costs_out() -> None:
    seeded_tables()
    charity: Any = OrganisationFactory()
    families = [_family(dt.date(2026, 2, 1), lead_organisation=charity) for _ in range(7)]
    for family in families:
        OutcomeEventFactory(
            family=family, kind=OutcomeKind.FAMILY_STAYED_TOGETHER, occurred_on=dt.date(2026, 10, 1)
        )
    for family in families[:6]:
        OutcomeEventFactory(
            family=family,
            kind=OutcomeKind.RESIDENTIAL_OR_FOSTER_AVOIDED,
            occurred_on=dt.date(2026, 10, 2),
        )
    for family in families[:2]:
        OutcomeEventFactory(
            family=family,
            kind=OutcomeKind.SECURE_PLACEMENT_AVOIDED,
            occurred_on=dt.date(2026, 10, 3),
        )
    figures = selectors.build_figures(
        selectors.Filters(start=dt.date(2026, 1, 1), end=TODAY, organisation=charity)
    )
    rows = {r["kind"]: r["total"] for r in figures["outcomes"]["rows"]}
    assert rows[OutcomeKind.FAMILY_STAYED_TOGETHER]["display"] == "7"
    assert rows[OutcomeKind.SECURE_PLACEMENT_AVOIDED]["display"] == "fewer than 5"
    assert rows[OutcomeKind.SECURE_PLACEMENT_AVOIDED]["value"] is None
    assert figures["outcomes"]["total"]["display"] == "15"
    lines = {line["kind"]: line for line in figures["costs"]["lines"]}
    assert "central" not in lines[OutcomeKind.SECURE_PLACEMENT_AVOIDED]
    assert figures["costs"]["left_out"] is True
    assert figures["cohort"]["total"]["display"] == "7"


def test_parents_check_ins_from_the_portal_give_their_measures() -> None:
    from relsafe.portal.models import CheckIn
    from tests.factories import FamilyMemberFactory

    family = _family(dt.date(2026, 3, 1))
    parent: Any = FamilyMemberFactory()
    for day, (coping, understanding, confidence) in (
        (dt.date(2026, 3, 10), (2, 2, 1)),
        (dt.date(2026, 6, 10), (3, 3, 3)),
        (dt.date(2026, 10, 10), (4, 4, 4)),
    ):
        CheckIn.objects.create(
            family=family,
            person=parent,
            coping=coping,
            understanding=understanding,
            confidence=confidence,
            recorded_at=_at(day),
        )
    measures = sources.parent_check_ins(_all(family), dt.date(2026, 1, 1), TODAY)
    assert {(m.measure, m.first_value, m.latest_value) for m in measures} == {
        ("wellbeing", 2, 4),
        ("understanding", 2, 4),
        ("confidence", 1, 4),
    }
    kinds = {o.kind for o in sources.parent_measures_up(_all(family), dt.date(2026, 1, 1), TODAY)}
    assert kinds == {
        OutcomeKind.PARENT_WELLBEING_UP,
        OutcomeKind.PARENT_UNDERSTANDING_UP,
        OutcomeKind.PARENT_CONFIDENCE_UP,
    }
