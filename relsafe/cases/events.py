"""A dated significant event in a family's life, as the apps that record them describe them for
the chronology (assessments' mappings and screenings, plans' referrals and reviews). It lives
with the family so those apps share one shape without importing each other, and so the
chronology (``records``, same layer) can gather them without importing those apps either.

An app adds its events from its ``AppConfig.ready``::

    from relsafe.cases.events import register_chronology_source

    register_chronology_source(
        key="assessments",
        label="Assessments",
        events=lambda user, family: selectors.significant_events_for(user=user, family=family),
    )

``events(user, family)`` is called with a family the person has already opened (through
``cases.selectors.get_family``); it returns only what that person may see of the app's records
(an empty list for someone who may not see them at all), oldest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relsafe.accounts.models import User
    from relsafe.cases.models import Family


@dataclass(frozen=True)
class SignificantEvent:
    date: dt.date
    title: str
    kind: str  # "strength" or "concern" (or "neutral")
    object_type: str
    object_id: int
    details: str = ""  # plain words, one or more sentences
    recorded_by: str = ""  # the worker's name, for a court-ready chronology
    young_person_ids: frozenset[int] = field(default_factory=frozenset)


EventsProvider = Callable[["User", "Family"], list[SignificantEvent]]


@dataclass(frozen=True)
class ChronologySource:
    key: str
    label: str
    events: EventsProvider


CHRONOLOGY_SOURCES: dict[str, ChronologySource] = {}


def register_chronology_source(*, key: str, label: str, events: EventsProvider) -> None:
    """Add (or replace, by key) a kind of significant event in every family's chronology;
    ``label`` names the kind in the chronology's filter ("Assessments")."""
    CHRONOLOGY_SOURCES[key] = ChronologySource(key=key, label=label, events=events)
