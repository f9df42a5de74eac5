"""This app's parts of the family page and a child's profile: each child's trusted adults.
Registered from ``RelationshipsConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from relsafe.access.policy import Action
from relsafe.access.sections import Section
from relsafe.cases.family_page import (
    FamilyPage,
    ProfilePage,
    register_child_detail,
    register_family_tab,
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


def map_tab_url(page: FamilyPage) -> str:
    """The map of the child whose map is open, else the eldest child's in the household."""
    match = getattr(page.request, "resolver_match", None)
    kwargs = match.kwargs if match and match.namespace == "relationships" else {}
    child_pk = kwargs.get("young_person_pk") or next((c.pk for c in page.household), None)
    if child_pk is None:
        return ""
    return reverse("relationships:map", args=[page.family.pk, child_pk])


def register() -> None:
    register_family_tab(
        key="relationship_map",
        title="Relationship map",
        order=30,
        url=map_tab_url,
        match=("relationships:",),
        action=Action.VIEW_MAP,
        section=Section.PEOPLE_OF_CONCERN,
    )
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
