"""What every page's shell needs: the role-aware navigation and the session's idle timeout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from relsafe.accounts.roles import Role

# (label, url name, roles that see it). Order is the order shown.
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Start", "core:start", frozenset(Role)),
    (
        "Families",
        "cases:caseload",
        frozenset({Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ),
    (
        "Find a family",
        "cases:find",
        frozenset({Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ),
    (
        "Search records",
        "records:search",
        frozenset(
            {Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.POLICE_ANALYST}
        ),
    ),
    ("Emergency access reviews", "access:reviews", frozenset({Role.TEAM_MANAGER})),
    ("Emergency access", "access:break-glass", frozenset({Role.TEAM_MANAGER})),
    (
        "Check your wording",
        "language:try",
        frozenset({Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ),
    ("Audit trail", "audit:events", frozenset({Role.ADMINISTRATOR})),
    ("Resources", "resources:library", frozenset(Role) - {Role.ADMINISTRATOR}),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "session_policy": None}
    items = []
    for label, name, roles in NAVIGATION:
        if user.role not in roles:
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == href if name == "core:start" else request.path.startswith(href)
        items.append({"text": label, "href": href, "current": current})
    idle = (
        settings.STAFF_IDLE_TIMEOUT_SECONDS
        if user.is_staff_role
        else settings.FAMILY_IDLE_TIMEOUT_SECONDS
    )
    return {"nav_items": items, "session_policy": {"idle_seconds": idle}}
