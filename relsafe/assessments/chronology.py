"""Screenings and strengths-and-worries mappings as significant events in every family's
chronology (``cases.events``). Registered from ``AssessmentsConfig.ready``."""

from __future__ import annotations

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.assessments.selectors import significant_assessment_events
from relsafe.cases.events import SignificantEvent, register_chronology_source
from relsafe.cases.models import Family


def _assessments(user: User, family: Family) -> list[SignificantEvent]:
    if not policy.can(user, Action.VIEW_ASSESSMENTS, family=family):
        return []
    return significant_assessment_events(family)


def register() -> None:
    register_chronology_source(key="assessment", label="Assessments", events=_assessments)
