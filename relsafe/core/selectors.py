"""What each role's start page shows, read through the access selectors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from relsafe.accounts.roles import Role
from relsafe.cases import selectors as case_selectors
from relsafe.cases.models import Family

START_PAGE_ROWS = 10
OPEN_STATUSES = tuple(s for s in Family.Status.values if s != Family.Status.CLOSED)


def _due_soonest(user: Any) -> dict[str, Any]:
    """The open families whose next thing is due soonest (overdue first): what to do today. The
    whole caseload, closed families included, is one link away."""
    families = case_selectors.caseload_for(
        user=user, filters=case_selectors.CaseloadFilters(statuses=OPEN_STATUSES)
    ).families
    return {"caseload": families[:START_PAGE_ROWS], "open_count": families.count()}


def start_page(*, user: Any, request: HttpRequest) -> dict[str, Any]:
    role = user.role
    if role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER):
        return {"template": "worker", **_due_soonest(user)}
    if role == Role.TEAM_MANAGER:
        return {
            "template": "manager",
            **_due_soonest(user),
            "workload": case_selectors.team_workload(user=user),
            "duplicate_check_use": case_selectors.duplicate_check_use(user=user, request=request),
        }
    if role == Role.POLICE_ANALYST:
        return {"template": "police", "shared": case_selectors.caseload(user=user)[:10]}
    if role == Role.COMMISSIONER:
        return {"template": "commissioner", "cohort": case_selectors.cohort_figures()}
    if role == Role.ADMINISTRATOR:
        from relsafe.accounts.selectors import administration_summary

        return {"template": "administrator", "summary": administration_summary()}
    if role == Role.PARENT:
        return {
            "template": "parent",
            "family": case_selectors.own_family(user=user, request=request),
        }
    return {"template": "young_person"}
