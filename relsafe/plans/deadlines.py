"""When each referral's next decision is due, and where that expectation comes from.

Every expectation names its source; ones marked ``local`` are this service's own setting, to be
changed to match the local partnership's procedures. Working days skip Saturdays, Sundays and the
bank holidays of the service's nation (``BANK_HOLIDAY_REGION``: ENG, WLS, SCT or NIR), taken from the
``holidays`` library, so "5 working days" over Christmas means what the competent authority means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings

from relsafe.plans.models import Referral


@dataclass(frozen=True)
class Expectation:
    label: str
    working_days: int | None
    calendar_days: int | None
    source: str
    local: bool = False


EXPECTATIONS: dict[str, Expectation] = {
    "nrm_reasonable_grounds": Expectation(
        "Reasonable grounds decision expected",
        working_days=5,
        calendar_days=None,
        source=(
            "Modern Slavery: Statutory Guidance for England and Wales (s49 Modern Slavery Act 2015): "
            "the competent authority aims to decide reasonable grounds within 5 working days of "
            "referral, where possible"
        ),
    ),
    "nrm_conclusive_grounds": Expectation(
        "Conclusive grounds decision awaited; possible from",
        working_days=None,
        calendar_days=30,
        source=(
            "Modern Slavery statutory guidance: the recovery period after a positive reasonable "
            "grounds decision is at least 30 days; a conclusive grounds decision is made after it "
            "and often takes much longer"
        ),
    ),
    "mash_decision": Expectation(
        "Decision on the referral expected",
        working_days=1,
        calendar_days=None,
        source=(
            "Working Together to Safeguard Children (2023): within one working day of a referral "
            "the local authority decides what response is needed"
        ),
    ),
    "mace_meeting": Expectation(
        "MACE meeting expected by",
        working_days=None,
        calendar_days=28,
        source="Local setting: the next monthly MACE meeting after listing",
        local=True,
    ),
    "mace_outcome": Expectation(
        "MACE outcome to be recorded by",
        working_days=5,
        calendar_days=None,
        source="Local setting: actions from the MACE meeting recorded within a week",
        local=True,
    ),
}


@lru_cache(maxsize=8)
def _bank_holidays(region: str) -> holidays.HolidayBase:
    """The UK bank holidays of one nation; the library fills in each year as it is asked for."""
    return holidays.country_holidays("GB", subdiv=region)


def is_working_day(day: dt.date, region: str | None = None) -> bool:
    """Monday to Friday and not a bank holiday where the service works."""
    if day.weekday() >= 5:
        return False
    return day not in _bank_holidays(region or settings.BANK_HOLIDAY_REGION)


def add_working_days(start: dt.date, days: int, region: str | None = None) -> dt.date:
    """The date ``days`` working days after ``start`` (weekends and bank holidays skipped)."""
    current = start
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if is_working_day(current, region):
            added += 1
    return current


def _due(start: dt.date, key: str) -> dt.date:
    expectation = EXPECTATIONS[key]
    if expectation.working_days is not None:
        return add_working_days(start, expectation.working_days)
    return start + dt.timedelta(days=expectation.calendar_days or 0)


@dataclass(frozen=True)
class Deadline:
    referral: Referral
    key: str
    due_on: dt.date
    today: dt.date

    @property
    def expectation(self) -> Expectation:
        return EXPECTATIONS[self.key]

    @property
    def label(self) -> str:
        return self.expectation.label

    @property
    def overdue(self) -> bool:
        # "Not before" dates are not deadlines that can be missed.
        return self.key != "nrm_conclusive_grounds" and self.due_on < self.today


def next_deadline(referral: Referral, *, today: dt.date) -> Deadline | None:
    """The one outstanding decision for this referral, or None when nothing is awaited."""
    kind = referral.kind
    if kind == Referral.Kind.NRM:
        if referral.reasonable_grounds_on is None:
            key, start = "nrm_reasonable_grounds", referral.submitted_on
        elif (
            referral.reasonable_grounds_outcome == Referral.Decision.POSITIVE
            and referral.conclusive_grounds_on is None
        ):
            key, start = "nrm_conclusive_grounds", referral.reasonable_grounds_on
        else:
            return None
    elif kind == Referral.Kind.MASH:
        if referral.outcome_on is not None:
            return None
        key, start = "mash_decision", referral.submitted_on
    else:
        if referral.meeting_on is None:
            key, start = "mace_meeting", referral.submitted_on
        elif referral.outcome_on is None:
            key, start = "mace_outcome", referral.meeting_on
        else:
            return None
    return Deadline(referral=referral, key=key, due_on=_due(start, key), today=today)
