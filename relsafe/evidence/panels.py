"""This app's parts of other apps' pages: the family page's evidence log section, the worker's
new entries to review and the parent's own log on their start pages. Registered from
``EvidenceConfig.ready``; each reads through this app's selectors when the page's view asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.family_page import FamilyPage, register_family_section
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.evidence import selectors


def family_section(page: FamilyPage) -> Mapping[str, Any] | None:
    section = selectors.family_section(user=page.user, family=page.family)
    if section is None:
        return None
    return {"evidence": section}


def to_review_panel(page: StartPage) -> Mapping[str, Any]:
    """New entries in the logs of families this worker may review."""
    return {"entries": selectors.entries_to_review(page.user)}


def parent_panel(page: StartPage) -> Mapping[str, Any] | None:
    section = selectors.parent_log(user=page.user)
    if section is None:
        return None
    family = selectors.parent_family(user=page.user)
    return {
        "evidence": section,
        "log_family": family,
        "rows": [(e, selectors.progress(e.handling)) for e in section.latest],
    }


def register() -> None:
    _register_chronology_source()
    _register_family_tab()
    register_family_section(
        key="evidence",
        title="Evidence log",
        order=47,
        template="evidence/_family_section.html",
        data=family_section,
        url_name="evidence:log",
        roles=CASEWORK_ROLES,
    )
    register_start_panel(
        key="evidence_to_review",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=22,
        template="evidence/_to_review.html",
        data=to_review_panel,
    )
    register_start_panel(
        key="evidence_parent_log",
        roles={Role.PARENT},
        order=45,
        template="evidence/_parent_log.html",
        data=parent_panel,
    )


def _register_chronology_source() -> None:
    """Significant entries in the family's chronology, through the chronology's own registry in
    ``cases.events`` where it exists (it is being added alongside this app: until then the events
    are ready in ``selectors.significant_evidence_events`` and nothing is registered)."""
    from relsafe.cases import events

    register_source = getattr(events, "register_chronology_source", None)
    if register_source is not None:
        register_source(key="evidence", label="Evidence log", events=selectors.chronology_events)


def _register_family_tab() -> None:
    """A tab in the family's sub-navigation (order 90, as the frame reserves for the evidence
    log), through ``cases.family_page.register_family_tab`` where it exists (it is being added
    alongside this app; until then the family page's section is the way in)."""
    from relsafe.access.policy import Action
    from relsafe.cases import family_page

    register_tab = getattr(family_page, "register_family_tab", None)
    if register_tab is not None:
        register_tab(
            key="evidence",
            title="Evidence log",
            order=90,
            url_name="evidence:log",
            match=("evidence:log", "evidence:entry-create", "evidence:export"),
            action=Action.VIEW_EVIDENCE,
            roles=CASEWORK_ROLES,
        )
