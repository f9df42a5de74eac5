"""This app's parts of other pages: the family page's assessments summary and the worker's
overdue screening reviews on the start page. Registered from ``AssessmentsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access.policy import Action, can
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.assessments import selectors
from relsafe.cases.family_page import FamilyPage, register_family_section
from relsafe.core.start_page import StartPage, register_start_panel


def summary_section(page: FamilyPage) -> Mapping[str, Any] | None:
    """The latest safety scale and screening per child (the family was opened by get_family);
    nothing for anyone the policy does not let see assessments."""
    if not can(page.user, Action.VIEW_ASSESSMENTS, family=page.family):
        return None
    return {"summaries": selectors.family_summary(page.family)}


def overdue_reviews_panel(page: StartPage) -> Mapping[str, Any]:
    return {"overdue_reviews": selectors.overdue_screening_reviews(user=page.user)}


def register() -> None:
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
