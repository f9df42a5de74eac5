"""This app's parts of the family page and a child's profile: each child's trusted adults.
Registered from ``RelationshipsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relsafe.cases.family_page import (
    FamilyPage,
    ProfilePage,
    register_child_detail,
    register_profile_panel,
)
from relsafe.relationships import selectors


def trusted_adults_by_child(page: FamilyPage) -> Mapping[int, Mapping[str, Any]]:
    """Every child's live trusted adults, in one query, under their name on the family page."""
    return {
        child.pk: {"adults": adults}
        for child, adults in selectors.trusted_adults_by_child(family=page.family)
    }


def trusted_adults_on_profile(page: ProfilePage) -> Mapping[str, Any]:
    return {"trusted_adults": selectors.trusted_adults_for(young_person=page.young_person)}


def register() -> None:
    register_child_detail(
        key="trusted_adults",
        order=10,
        template="relationships/_child_trusted_adults.html",
        data=trusted_adults_by_child,
    )
    register_profile_panel(
        key="trusted_adults",
        order=10,
        template="relationships/_profile_trusted_adults.html",
        data=trusted_adults_on_profile,
    )
