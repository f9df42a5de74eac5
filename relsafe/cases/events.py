"""A dated significant event in a family's life, as the apps that record them describe them for
the chronology (assessments' mappings and screenings, plans' referrals). It lives with the family
so those apps share one shape without importing each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SignificantEvent:
    date: dt.date
    title: str
    kind: str  # "strength" or "concern"
    object_type: str
    object_id: int
