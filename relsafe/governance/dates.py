"""Statutory time limits for data-subject requests."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later; the last day of that month when it has no such
    date (31 January + 1 month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def response_due(received_on: dt.date, *, extended: bool = False) -> dt.date:
    """One calendar month from the day the request was received (UK GDPR Art. 12(3); ICO guidance
    'Time limits for responding'), or three months when extended for a complex request."""
    return add_months(received_on, 3 if extended else 1)
