"""This app's part of the family members' start pages: "Reading for you", the newest articles
written for them. Registered from ``ResourcesConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.accounts.roles import Role
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.resources import selectors


def reading_for_you_panel(page: StartPage) -> Mapping[str, Any] | None:
    articles = selectors.reading_for(page.user)
    return {"articles": articles} if articles else None


def register() -> None:
    register_start_panel(
        key="reading_for_you",
        roles={Role.PARENT, Role.YOUNG_PERSON},
        order=70,
        template="resources/_reading_for_you.html",
        data=reading_for_you_panel,
    )
