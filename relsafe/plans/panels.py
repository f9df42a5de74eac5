"""This app's parts of the start pages: a worker's plan actions and referral decisions, and the
plan a parent may read. Registered from ``PlansConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access.policy import Action
from relsafe.accounts.roles import Role
from relsafe.cases.family_page import register_family_tab
from relsafe.cases.panels import own_family
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.plans import selectors
from relsafe.plans.models import PlanAction


def my_actions_panel(page: StartPage) -> Mapping[str, Any]:
    """Plan actions due and referral decisions awaited, on the families this person may see."""
    return {
        "tasks": {
            "actions": selectors.actions_due_for(page.user),
            "deadlines": selectors.referral_deadlines(page.user),
            "within_days": selectors.DUE_SOON_DAYS,
        }
    }


def family_plan_panel(page: StartPage) -> Mapping[str, Any] | None:
    """A parent's family plan, once it is shared with them (the read is audited in the selector);
    nothing until they are on a family's page."""
    if own_family(page) is None:
        return None
    return {
        "plan": selectors.shared_plan_for_parent(page.user, request=page.request),
        "open_statuses": PlanAction.OPEN_STATUSES,
    }


def register() -> None:
    register_family_tab(
        key="plan",
        title="Plan",
        order=70,
        url_name="plans:plan",
        match=("plans:plan-", "plans:action-"),
        action=Action.VIEW_PLAN,
    )
    register_start_panel(
        key="my_actions",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=40,
        template="plans/_my_actions.html",
        data=my_actions_panel,
    )
    register_start_panel(
        key="family_plan",
        roles={Role.PARENT},
        order=50,
        template="plans/_family_plan.html",
        data=family_plan_panel,
    )
