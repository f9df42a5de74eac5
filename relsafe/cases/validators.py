"""Checks on facts about children, shared by forms and services so the message is the same."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

# Support for young people can continue to 25 (care leavers, SEND); older than that is a mistake.
OLDEST_AGE = 25


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def validate_child_date_of_birth(value: dt.date, today: dt.date | None = None) -> None:
    """Born in the future, or older than 25, is almost always a typing slip: say which."""
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(
            "Date of birth must be today or in the past", code="date_of_birth_in_future"
        )
    if age_on(value, today) > OLDEST_AGE:
        raise ValidationError(
            f"Date of birth must be for someone aged {OLDEST_AGE} or under. "
            "Check the year: this would make them "
            f"{age_on(value, today)}",
            code="date_of_birth_too_old",
        )
