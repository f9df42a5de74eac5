"""This app's part of the start pages: unread messages for the people who carry families.
Registered from ``AccessConfig.ready`` (``core`` is below ``access``, so access may register)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.access import selectors
from relsafe.accounts.roles import CASEWORK_ROLES
from relsafe.core.start_page import StartPage, register_start_panel


def messages_panel(page: StartPage) -> Mapping[str, Any]:
    return {"summary": selectors.unread_summary(user=page.user)}


def register() -> None:
    register_start_panel(
        key="messages",
        roles=CASEWORK_ROLES,
        order=10,
        template="access/_notifications_panel.html",
        data=messages_panel,
    )
