"""This app's parts of other apps' pages: "Information sent to the police" on the family page
(caseworkers) and the force's intelligence on the police start page. Registered from
``IntelligenceConfig.ready``; each reads through this app's selectors when the page's view asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access.policy import Action, can
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.family_page import FamilyPage, register_family_section
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.intelligence import selectors


def family_section(page: FamilyPage) -> Mapping[str, Any] | None:
    """One query: the page's view has opened the family (``get_family``), so the rules' route
    (a family the person may open) holds and only the kind of work is asked here."""
    if not can(page.user, Action.VIEW_SENT_INTELLIGENCE):
        return None
    return {
        "submissions": selectors.family_submissions(
            user=page.user, family=page.family, opened=True
        )[:10],
        "can_send": can(page.user, Action.SEND_INTELLIGENCE),
    }


def police_panel(page: StartPage) -> Mapping[str, Any] | None:
    if not can(page.user, Action.RECEIVE_INTELLIGENCE):
        return None
    return {"new": selectors.new_for_force(page.user)}


def register() -> None:
    register_family_section(
        key="intelligence",
        title="Information sent to the police",
        order=48,
        template="intelligence/_family_section.html",
        data=family_section,
        roles=CASEWORK_ROLES,
    )
    register_start_panel(
        key="intelligence",
        roles={Role.POLICE_ANALYST},
        order=20,
        template="intelligence/_start_panel.html",
        data=police_panel,
    )
