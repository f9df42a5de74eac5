"""This app's parts of other apps' pages: the family page's missing episodes, contacts and
chronology link, and the worker's return home interviews on the start page. Registered from
``RecordsConfig.ready``; each reads through this app's selectors when the page's view asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.accounts.roles import Role
from relsafe.cases.family_page import FamilyPage, register_family_section
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.records import selectors


def _records(page: FamilyPage) -> selectors.FamilyRecords:
    """Contacts and episodes are read once for both sections."""
    return page.once(
        "records.family_records",
        lambda: selectors.family_records(user=page.user, family=page.family),
    )


def missing_episodes_section(page: FamilyPage) -> Mapping[str, Any]:
    return {"rec": _records(page)}


def contacts_section(page: FamilyPage) -> Mapping[str, Any]:
    return {"rec": _records(page)}


def chronology_section(page: FamilyPage) -> Mapping[str, Any]:
    return {}


def return_interviews_panel(page: StartPage) -> Mapping[str, Any]:
    """Return home interviews still to do, on the families this person may see."""
    return {"deadlines": selectors.upcoming_deadlines(page.user)}


def register() -> None:
    register_family_section(
        key="missing_episodes",
        title="Missing episodes",
        order=40,
        template="records/_family_missing_episodes.html",
        data=missing_episodes_section,
    )
    register_family_section(
        key="contacts",
        title="Contacts",
        order=42,
        template="records/_family_contacts.html",
        data=contacts_section,
        url_name="records:contacts",
    )
    register_family_section(
        key="chronology",
        title="Chronology",
        order=44,
        template="records/_family_chronology.html",
        data=chronology_section,
        url_name="records:chronology",
    )
    register_start_panel(
        key="return_interviews",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=20,
        template="records/_deadlines.html",
        data=return_interviews_panel,
    )
