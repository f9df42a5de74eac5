"""This app's panels: the family page's own sections and the start pages' caseload, workload,
shared families, service figures and a parent's "who is supporting you". Registered from
``CasesConfig.ready``, like every other app's (see ``cases/family_page.py`` and
``core/start_page.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access import policy
from relsafe.access.sections import Section
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases import changes, selectors
from relsafe.cases.family_page import (
    FamilyPage,
    children_section,
    register_family_section,
    register_family_tab,
)
from relsafe.cases.models import Family
from relsafe.core.start_page import StartPage, register_start_panel

WORKERS = {Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER}


def own_family(page: StartPage) -> Family | None:
    """A parent's own family, read (and audited) once per start page whichever panel asks first:
    the plan's panel (``plans``) shows only when there is one."""
    return page.once(
        "cases.own_family", lambda: selectors.own_family(user=page.user, request=page.request)
    )


def _from_get_family(page: FamilyPage) -> Mapping[str, Any]:
    """Sections drawn from what ``get_family`` already prefetched: nothing more to read."""
    return {}


def _access_log_link(page: FamilyPage) -> Mapping[str, Any] | None:
    """Only for those the policy lets review who has seen the family."""
    if not policy.can(page.user, policy.Action.VIEW_ACCESS_LOG, family=page.family):
        return None
    return {}


def _referral(page: FamilyPage) -> Mapping[str, Any]:
    """How the case arrived (the first referral), on the overview: one query."""
    referrals = selectors.case_referrals(user=page.user, family=page.family)
    return {
        "first_referral": referrals[0] if referrals else None,
        "referral_count": len(referrals),
    }


def _due_soonest(page: StartPage) -> Mapping[str, Any]:
    return selectors.due_soonest(user=page.user)


def _changes(page: StartPage) -> Mapping[str, Any]:
    return {"changes": changes.recent_changes(user=page.user)}


def _workload(page: StartPage) -> Mapping[str, Any]:
    return {"workload": selectors.team_workload(user=page.user)}


def _duplicate_check_use(page: StartPage) -> Mapping[str, Any] | None:
    rows = selectors.duplicate_check_use(user=page.user, request=page.request)
    return {"duplicate_check_use": rows} if rows else None


def _shared(page: StartPage) -> Mapping[str, Any]:
    return {"shared": selectors.caseload(user=page.user)[:10]}


def _cohort(page: StartPage) -> Mapping[str, Any]:
    return {"cohort": selectors.cohort_figures()}


def _family_support(page: StartPage) -> Mapping[str, Any]:
    return {"family": own_family(page)}


def register() -> None:
    _register_family_tabs()
    _register_family_sections()
    _register_start_panels()


def _register_family_tabs() -> None:
    register_family_tab(
        key="overview",
        title="Overview",
        order=10,
        url_name="cases:family",
        match=("cases:family-",),
        section=Section.CASE,
    )
    register_family_tab(
        key="children",
        title="Children and carers",
        order=20,
        url_name="cases:household",
        match=(
            "cases:carer-",
            "cases:child-",
            "cases:young-person",
            "cases:young-person-",
            "cases:strength-",
        ),
        action=policy.Action.VIEW_HOUSEHOLD,
    )
    register_family_tab(
        key="referrals",
        title="Referrals",
        order=80,
        url_name="cases:referrals",
        match=("cases:referral-", "plans:referral-"),
        roles=CASEWORK_ROLES,
    )


def _register_family_sections() -> None:
    register_family_section(
        key="referral",
        title="How the case arrived",
        order=5,
        template="cases/_family_referral.html",
        data=_referral,
        url_name="cases:referrals",
        roles=CASEWORK_ROLES,
    )
    register_family_section(
        key="children",
        title="Children and young people",
        order=10,
        template="cases/_family_children.html",
        data=children_section,
        section=Section.IDENTITY,
    )
    register_family_section(
        key="carers",
        title="Parents and carers",
        order=20,
        template="cases/_family_carers.html",
        data=_from_get_family,
    )
    register_family_section(
        key="team",
        title="Team around the family",
        order=30,
        template="cases/_family_team.html",
        data=_from_get_family,
        section=Section.CASE,  # who to call: comes with every share
    )
    register_family_section(
        key="shares",
        title="Who else can see this case",
        order=60,
        template="cases/_family_shares.html",
        data=_from_get_family,
    )
    register_family_section(
        key="status_history",
        title="Status history",
        order=70,
        template="cases/_family_status_history.html",
        data=_from_get_family,
    )
    register_family_section(
        key="access_log",
        title="Who has viewed or changed this record",
        order=80,
        template="cases/_family_access_log_link.html",
        data=_access_log_link,
        url_name="audit:family-access",
        roles={Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    )


def _register_start_panels() -> None:
    register_start_panel(
        key="caseload",
        roles=WORKERS,
        order=30,
        template="cases/_start_caseload.html",
        data=_due_soonest,
    )
    register_start_panel(
        key="changes",
        roles=WORKERS | {Role.TEAM_MANAGER},
        order=35,
        template="cases/_start_changes.html",
        data=_changes,
    )
    register_start_panel(
        key="team_workload",
        roles={Role.TEAM_MANAGER},
        order=25,
        template="cases/_start_workload.html",
        data=_workload,
    )
    register_start_panel(
        key="duplicate_check_use",
        roles={Role.TEAM_MANAGER},
        order=27,
        template="cases/_start_duplicate_checks.html",
        data=_duplicate_check_use,
    )
    register_start_panel(
        key="team_caseload",
        roles={Role.TEAM_MANAGER},
        order=30,
        template="cases/_start_team_caseload.html",
        data=_due_soonest,
    )
    register_start_panel(
        key="shared_families",
        roles={Role.POLICE_ANALYST},
        order=30,
        template="cases/_start_shared.html",
        data=_shared,
    )
    register_start_panel(
        key="service_figures",
        roles={Role.COMMISSIONER},
        order=30,
        template="cases/_start_cohort.html",
        data=_cohort,
    )
    register_start_panel(
        key="family_support",
        roles={Role.PARENT},
        order=30,
        template="cases/_start_family_support.html",
        data=_family_support,
    )
