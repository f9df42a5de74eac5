"""This app's parts of other apps' pages: the family page's "Criminal justice" section, the
worker's long waits and the family member's court journey on the start page. Registered from
``JusticeConfig.ready``; each reads through this app's selectors when the page's view asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access.policy import Action
from relsafe.access.sections import Section
from relsafe.accounts.roles import Role
from relsafe.cases.family_page import FamilyPage, register_family_section, register_family_tab
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.justice import selectors


def justice_section(page: FamilyPage) -> Mapping[str, Any] | None:
    return selectors.family_section(user=page.user, family=page.family)


def long_waits_panel(page: StartPage) -> Mapping[str, Any] | None:
    waits = selectors.long_waits(user=page.user)
    return {"long_waits": waits} if waits else None


def court_journey_panel(page: StartPage) -> Mapping[str, Any] | None:
    family = selectors.has_court_journey(user=page.user)
    return {"journey_family": family} if family is not None else None


def figures_panel(page: StartPage) -> Mapping[str, Any]:
    return {}


def register() -> None:
    register_family_tab(
        key="court",
        title="Court",
        order=110,
        url_name="justice:family-cases",
        match=("justice:family-cases", "justice:case-create"),
        action=Action.VIEW_JUSTICE,
        roles=(Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
    )
    register_family_section(
        key="justice",
        title="Criminal justice",
        order=46,
        template="justice/_family_section.html",
        data=justice_section,
        url_name="justice:family-cases",
        roles={
            Role.PARENT_SUPPORT_WORKER,
            Role.SOCIAL_WORKER,
            Role.TEAM_MANAGER,
            Role.POLICE_ANALYST,
        },
        # The criminal justice case is the force's own investigation: it comes with every share.
        section=Section.CASE,
    )
    register_start_panel(
        key="justice_long_waits",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER},
        order=35,
        template="justice/_start_long_waits.html",
        data=long_waits_panel,
    )
    register_start_panel(
        key="justice_figures",
        roles={Role.TEAM_MANAGER, Role.COMMISSIONER},
        order=60,
        template="justice/_start_figures.html",
        data=figures_panel,
    )
    register_start_panel(
        key="court_journey",
        roles={Role.PARENT, Role.YOUNG_PERSON},
        order=35,
        template="justice/_start_court_journey.html",
        data=court_journey_panel,
    )
