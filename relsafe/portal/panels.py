"""The portal's parts of other pages: the family page's "Family portal" section, a child's
profile in their own words, and the start pages (a parent's messages and check-in, a young
person's space, a worker's new messages from families). Registered from ``PortalConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from relsafe.access.policy import Action
from relsafe.accounts.roles import CASEWORK_ROLES, FAMILY_ROLES, Role
from relsafe.accounts.services import has_confirmed_mfa
from relsafe.cases.family_page import (
    FamilyPage,
    ProfilePage,
    register_family_section,
    register_family_tab,
    register_profile_panel,
)
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.portal import selectors
from relsafe.portal.scales import TRUST_STATEMENTS


def family_portal_section(page: FamilyPage) -> Mapping[str, Any] | None:
    members = selectors.portal_members(user=page.user, family=page.family)
    if members is None:
        return None
    return {
        "members": members,
        "unread": selectors.unread_count(user=page.user, family=page.family, from_family=True),
        "next_appointment": selectors.next_appointment(family=page.family),
    }


def profile_space_panel(page: ProfilePage) -> Mapping[str, Any]:
    return {
        "entry": selectors.latest_space_entry(young_person=page.young_person),
        "space_on": selectors.space_is_on(young_person=page.young_person),
        "statements": TRUST_STATEMENTS,
    }


def _parent_family(page: StartPage) -> Any:
    return page.once(
        "portal.parent_family",
        lambda: selectors.family_of_member(user=page.user, action=Action.MESSAGE_WORKER),
    )


def parent_messages_panel(page: StartPage) -> Mapping[str, Any] | None:
    family = _parent_family(page)
    if family is None:
        return None
    return {"unread": selectors.unread_count(user=page.user, family=family, from_family=False)}


def parent_check_in_panel(page: StartPage) -> Mapping[str, Any] | None:
    if _parent_family(page) is None:
        return None
    return {"latest": selectors.latest_check_in(user=page.user)}


def young_person_space_panel(page: StartPage) -> Mapping[str, Any] | None:
    own = selectors.own_space(user=page.user, request=page.request)
    if own is None:
        return None
    unread = 0
    if own.is_on:
        unread = selectors.unread_count(
            user=page.user,
            family=own.young_person.family,
            from_family=False,
            young_person=own.young_person,
        )
    return {"space_on": own.is_on, "unread": unread}


def parent_appointments_panel(page: StartPage) -> Mapping[str, Any] | None:
    """A parent's next few appointments shown to them."""
    if _parent_family(page) is None:
        return None
    return {
        "appointments": selectors.own_appointments(user=page.user, limit=3, request=page.request)
    }


def worker_appointments_panel(page: StartPage) -> Mapping[str, Any] | None:
    """A worker's appointments from today to a week ahead."""
    rows = selectors.worker_week(user=page.user)
    if not rows:
        return None
    return {"appointments": rows, "today": timezone.localdate().isoformat()}


def keep_safe_panel(page: StartPage) -> Mapping[str, Any] | None:
    """Offer MFA to a family member of a family who has none (offered, never required)."""
    if selectors.family_of_member(user=page.user, action=Action.VIEW_FAMILY) is None:
        return None
    return None if has_confirmed_mfa(page.user) else {}


def worker_new_messages_panel(page: StartPage) -> Mapping[str, Any] | None:
    rows = selectors.new_messages_from_families(user=page.user)
    return {"new_messages": rows} if rows else None


def register() -> None:
    register_family_tab(
        key="appointments",
        title="Appointments",
        order=75,
        url_name="portal:appointments-family",
        match=("portal:appointment-",),
        action=Action.ARRANGE_APPOINTMENT,
    )
    register_start_panel(
        key="portal_appointments",
        roles={Role.PARENT},
        order=42,
        template="portal/_start_appointments.html",
        data=parent_appointments_panel,
    )
    register_start_panel(
        key="portal_worker_appointments",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=12,
        template="portal/_start_worker_appointments.html",
        data=worker_appointments_panel,
    )
    register_family_section(
        key="portal",
        title="Family portal",
        order=25,
        template="portal/_family_portal.html",
        data=family_portal_section,
        roles=CASEWORK_ROLES,
    )
    register_profile_panel(
        key="portal_space",
        order=15,
        template="portal/_profile_space.html",
        data=profile_space_panel,
        roles=CASEWORK_ROLES,
    )
    register_start_panel(
        key="portal_messages",
        roles={Role.PARENT},
        order=35,
        template="portal/_start_messages.html",
        data=parent_messages_panel,
    )
    register_start_panel(
        key="portal_check_in",
        roles={Role.PARENT},
        order=60,
        template="portal/_start_check_in.html",
        data=parent_check_in_panel,
    )
    register_start_panel(
        key="portal_space",
        roles={Role.YOUNG_PERSON},
        order=30,
        template="portal/_start_space.html",
        data=young_person_space_panel,
    )
    register_start_panel(
        key="portal_keep_safe",
        roles=FAMILY_ROLES,
        order=85,
        template="portal/_start_keep_safe.html",
        data=keep_safe_panel,
    )
    register_start_panel(
        key="portal_new_messages",
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
        order=15,
        template="portal/_start_family_messages.html",
        data=worker_new_messages_panel,
    )
