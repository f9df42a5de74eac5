"""This app's part of the start pages: the administrator's organisations (no case data).
Registered from ``AccountsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.accounts.roles import Role
from relsafe.accounts.selectors import administration_summary
from relsafe.core.start_page import StartPage, register_start_panel


def administration_panel(page: StartPage) -> Mapping[str, Any]:
    return {"summary": administration_summary()}


def register() -> None:
    register_start_panel(
        key="administration",
        roles={Role.ADMINISTRATOR},
        order=90,
        template="accounts/_start_administration.html",
        data=administration_panel,
    )
