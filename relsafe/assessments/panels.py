"""This app's parts of other pages: the family page's assessments summary and the worker's
overdue screening reviews on the start page. Registered from ``AssessmentsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from relsafe.access.policy import Action, can
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.assessments import selectors
from relsafe.cases.family_page import (
    CaseFlag,
    FamilyPage,
    register_case_flag,
    register_family_section,
    register_family_tab,
)
from relsafe.core.start_page import StartPage, register_start_panel


def summary_section(page: FamilyPage) -> Mapping[str, Any] | None:
    """The latest safety scale and screening per child (the family was opened by get_family);
    nothing for anyone the policy does not let see assessments."""
    if not can(page.user, Action.VIEW_ASSESSMENTS, family=page.family):
        return None
    return {"summaries": selectors.family_summary(page.family)}


def overdue_reviews_panel(page: StartPage) -> Mapping[str, Any]:
    return {"overdue_reviews": selectors.overdue_screening_reviews(user=page.user)}


LEVEL_TONES = {"low": "green", "medium": "yellow", "high": "red"}


def screening_flags(page: FamilyPage) -> list[CaseFlag]:
    """The latest screening level per child, in the case header (one query), for those who may
    see assessments."""
    if not can(page.user, Action.VIEW_ASSESSMENTS):
        return []
    latest: dict[int, Any] = {}
    for screening in (
        selectors.visible_screenings(page.user)
        .filter(family=page.family)
        .order_by("-screened_on", "-pk")
        .select_related("young_person")
    ):
        latest.setdefault(screening.young_person_id, screening)
    return [
        CaseFlag(
            f"Screening: {s.get_level_display().lower()}",
            f"{s.young_person.short_name}, {s.screened_on:%-d %b %Y}",
            LEVEL_TONES.get(s.level, "grey"),
            reverse("assessments:screening", args=[page.family.pk, s.pk]),
        )
        for s in sorted(latest.values(), key=lambda s: s.young_person.date_of_birth)
    ]


def register() -> None:
    register_family_tab(
        key="assessments",
        title="Assessments",
        order=60,
        url_name="assessments:overview",
        match=("assessments:",),
        action=Action.VIEW_ASSESSMENTS,
    )
    register_case_flag(key="screening_level", order=20, data=screening_flags)
    register_family_section(
        key="assessments",
        title="Assessments and plan",
        order=50,
        template="assessments/_family_summary.html",
        data=summary_section,
        url_name="assessments:overview",
        # Police see the family page, not the assessments.
        roles=CASEWORK_ROLES,
    )
    register_start_panel(
        key="overdue_screening_reviews",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=45,
        template="assessments/_overdue_reviews.html",
        data=overdue_reviews_panel,
    )
