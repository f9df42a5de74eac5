"""This app's parts of other apps' pages: the family page's missing episodes, contacts and
chronology link, and the worker's return home interviews on the start page. Registered from
``RecordsConfig.ready``; each reads through this app's selectors when the page's view asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.sections import Section
from relsafe.accounts.roles import Role
from relsafe.cases.family_page import (
    CaseFlag,
    FamilyPage,
    register_case_flag,
    register_family_action,
    register_family_section,
    register_family_tab,
)
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


def return_interview_flags(page: FamilyPage) -> list[CaseFlag]:
    """A return home interview due or overdue, in the case header (one query)."""
    if not policy.can(page.user, policy.Action.VIEW_RECORDS):
        return []
    now = timezone.now()
    episodes = (
        selectors.visible_missing_episodes(page.user)
        .filter(selectors.interview_outstanding(), family=page.family, returned_at__isnull=False)
        .select_related("young_person", "return_interview")
        .order_by("returned_at", "pk")
    )
    flags = []
    for episode in episodes:
        clock = selectors.interview_clock(episode, now)
        if not clock.needs_action or clock.due_at is None:
            continue
        due = timezone.localtime(clock.due_at)
        flags.append(
            CaseFlag(
                "Return home interview overdue"
                if clock.status == "overdue"
                else "Return home interview due",
                f"{episode.young_person.short_name}, by {due:%-d %b %H:%M}",
                "red" if clock.status == "overdue" else "yellow",
                reverse("records:missing-episode", args=[episode.pk]),
            )
        )
    return flags


def register() -> None:
    register_family_action(
        key="record_contact",
        title="Record a contact",
        order=10,
        url_name="records:contact-create",
        action=policy.Action.RECORD,
    )
    register_family_tab(
        key="contacts",
        title="Contacts",
        order=40,
        url_name="records:contacts",
        match=(
            "records:contact",
            "records:contact-",
            "records:attachment-",
            "records:missing-",
            "records:return-",
        ),
        action=policy.Action.VIEW_RECORDS,
        section=Section.MARKED_RECORDS,
    )
    register_family_tab(
        key="chronology",
        title="Chronology",
        order=50,
        url_name="records:chronology",
        match=("records:chronology-",),
        action=policy.Action.VIEW_RECORDS,
        section=Section.MARKED_RECORDS,
    )
    register_case_flag(key="return_interviews", order=10, data=return_interview_flags)
    register_family_section(
        key="missing_episodes",
        title="Missing episodes",
        order=40,
        template="records/_family_missing_episodes.html",
        data=missing_episodes_section,
        section=Section.MISSING_EPISODES,
    )
    register_family_section(
        key="contacts",
        title="Contacts",
        order=42,
        template="records/_family_contacts.html",
        data=contacts_section,
        url_name="records:contacts",
        section=Section.MARKED_RECORDS,
    )
    register_family_section(
        key="chronology",
        title="Chronology",
        order=44,
        template="records/_family_chronology.html",
        data=chronology_section,
        url_name="records:chronology",
        section=Section.MARKED_RECORDS,
    )
    register_start_panel(
        key="return_interviews",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=20,
        template="records/_deadlines.html",
        data=return_interviews_panel,
    )
