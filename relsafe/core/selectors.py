"""What each role's start page shows, read through the access selectors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from relsafe.accounts.roles import Role
from relsafe.cases import selectors as case_selectors


def start_page(*, user: Any, request: HttpRequest) -> dict[str, Any]:
    role = user.role
    if role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER):
        return {"template": "worker", "caseload": case_selectors.caseload(user=user)[:10]}
    if role == Role.TEAM_MANAGER:
        return {
            "template": "manager",
            "caseload": case_selectors.team_caseload(user=user)[:10],
            "workload": case_selectors.team_workload(user=user),
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
