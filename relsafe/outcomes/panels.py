"""This app's parts of other pages: the family page's outcomes section and the start page's link
to the figures. Registered from ``OutcomesConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access.policy import Action, can
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.family_page import FamilyPage, register_family_section, register_family_tab
from relsafe.core.start_page import StartPage, register_start_panel


def outcomes_section(page: FamilyPage) -> Mapping[str, Any] | None:
    """The way to the proof page. No query: the family was opened by ``get_family`` and the
    section is for casework roles only, who may then see its proof (``Action.VIEW_PROOF``)."""
    return {}


def figures_panel(page: StartPage) -> Mapping[str, Any] | None:
    if not can(page.user, Action.VIEW_OUTCOME_FIGURES):
        return None
    return {}


def tables_panel(page: StartPage) -> Mapping[str, Any] | None:
    if not can(page.user, Action.EDIT_COST_TABLES):
        return None
    return {}


def register() -> None:
    register_family_tab(
        key="outcomes",
        title="Outcomes",
        order=120,
        url_name="outcomes:family",
        match=("outcomes:family", "outcomes:record", "outcomes:edit"),
        action=Action.VIEW_PROOF,
        roles=CASEWORK_ROLES,
    )
    register_family_section(
        key="outcomes",
        title="Outcomes",
        order=55,
        template="outcomes/_family_section.html",
        data=outcomes_section,
        url_name="outcomes:family",
        roles=CASEWORK_ROLES,
    )
    register_start_panel(
        key="outcome_figures",
        roles={Role.COMMISSIONER, Role.TEAM_MANAGER},
        order=35,
        template="outcomes/_start_figures.html",
        data=figures_panel,
    )
    register_start_panel(
        key="cost_tables",
        roles={Role.ADMINISTRATOR},
        order=95,
        template="outcomes/_start_tables.html",
        data=tables_panel,
    )
