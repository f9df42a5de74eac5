"""When referral decisions are due: working days, sources, and which decision is awaited next."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relsafe.plans.deadlines import EXPECTATIONS, add_working_days, is_working_day, next_deadline
from relsafe.plans.models import Referral
from tests.factories import ReferralFactory

# Timing varies under parallel runs; these tests are about values, not speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONDAY = dt.date(2026, 11, 23)


@relaxed
@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 1, 1)), st.integers(1, 60))
def test_working_days_land_on_a_working_day_after_exactly_that_many_working_days(
    start: dt.date, days: int
) -> None:
    due = add_working_days(start, days)
    assert is_working_day(due)
    between = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d) for d in between) == days
    # Never earlier than counting weekdays alone: bank holidays only push a deadline later.
    weekdays = sum(d.weekday() < 5 for d in between)
    assert weekdays >= days


def test_reasonable_grounds_expected_five_working_days_after_a_friday_referral() -> None:
    assert add_working_days(dt.date(2026, 11, 27), 5) == dt.date(2026, 12, 4)


def test_christmas_and_boxing_day_are_not_working_days() -> None:
    # Friday 19 December 2025: Christmas Day and Boxing Day fall on Thursday and Friday.
    assert add_working_days(dt.date(2025, 12, 19), 5) == dt.date(2025, 12, 30)
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day 2026 is a Saturday: substitute


@pytest.mark.parametrize(
    ("region", "day", "working"),
    [
        ("ENG", dt.date(2026, 8, 31), False),  # late summer bank holiday, England and Wales
        ("SCT", dt.date(2026, 8, 31), True),
        ("SCT", dt.date(2026, 8, 3), False),  # Scotland's summer bank holiday
        ("NIR", dt.date(2026, 3, 17), False),  # St Patrick's Day
        ("ENG", dt.date(2026, 3, 17), True),
    ],
)
def test_bank_holidays_follow_the_services_nation(
    region: str, day: dt.date, working: bool, settings: Any
) -> None:
    settings.BANK_HOLIDAY_REGION = region
    assert is_working_day(day) is working


def test_every_expectation_names_its_source() -> None:
    for expectation in EXPECTATIONS.values():
        assert expectation.source
        assert expectation.local == expectation.source.startswith("Local setting")


@pytest.mark.django_db
def test_nrm_moves_from_reasonable_to_conclusive_grounds() -> None:
    referral = ReferralFactory.create(kind=Referral.Kind.NRM, submitted_on=MONDAY)
    deadline = next_deadline(referral, today=MONDAY + dt.timedelta(days=10))
    assert deadline is not None
    assert (deadline.key, deadline.due_on, deadline.overdue) == (
        "nrm_reasonable_grounds",
        dt.date(2026, 11, 30),
        True,
    )
    referral.reasonable_grounds_on = dt.date(2026, 11, 26)
    referral.reasonable_grounds_outcome = Referral.Decision.POSITIVE
    deadline = next_deadline(referral, today=dt.date(2027, 6, 1))
    assert deadline is not None
    assert deadline.key == "nrm_conclusive_grounds"
    assert deadline.due_on == dt.date(2026, 12, 26)
    assert not deadline.overdue  # an earliest date cannot be missed
    referral.reasonable_grounds_outcome = Referral.Decision.NEGATIVE
    assert next_deadline(referral, today=MONDAY) is None


@pytest.mark.django_db
def test_mash_and_mace_deadlines() -> None:
    mash = ReferralFactory.create(kind=Referral.Kind.MASH, submitted_on=MONDAY)
    deadline = next_deadline(mash, today=MONDAY)
    assert deadline is not None
    assert deadline.due_on == MONDAY + dt.timedelta(days=1)
    mash.outcome_on = MONDAY
    assert next_deadline(mash, today=MONDAY) is None
    mace = ReferralFactory.create(kind=Referral.Kind.MACE, submitted_on=MONDAY)
    deadline = next_deadline(mace, today=MONDAY)
    assert deadline is not None
    assert deadline.due_on == MONDAY + dt.timedelta(days=28)
    mace.meeting_on = MONDAY + dt.timedelta(days=14)
    deadline = next_deadline(mace, today=MONDAY)
    assert deadline is not None
    assert deadline.key == "mace_outcome"


@pytest.mark.django_db
def test_changing_the_nation_and_refreshing_moves_stored_decision_dates(settings: Any) -> None:
    from django.core.management import call_command

    from relsafe.plans.services import refresh_next_decisions

    settings.BANK_HOLIDAY_REGION = "SCT"
    referral = ReferralFactory.create(kind=Referral.Kind.NRM, submitted_on=dt.date(2026, 8, 24))
    referral.refresh_from_db()
    in_scotland = referral.next_decision_on
    assert in_scotland == dt.date(2026, 8, 31)
    settings.BANK_HOLIDAY_REGION = "ENG"  # 31 August is a bank holiday in England
    assert refresh_next_decisions() == 1
    referral.refresh_from_db()
    assert referral.next_decision_on == dt.date(2026, 9, 1)
    assert refresh_next_decisions() == 0  # nothing left to change
    call_command("refresh_referral_deadlines")  # the operator's way in, same answer
    referral.refresh_from_db()
    assert referral.next_decision_on == dt.date(2026, 9, 1)
