"""Trusted adults at a glance on pages outside the map (the family page)."""

from __future__ import annotations

from typing import Any

from django import template

from relsafe.relationships.selectors import trusted_adults_by_child

register = template.Library()


@register.simple_tag
def children_with_trusted_adults(family: Any) -> list[tuple[Any, list[Any]]]:
    """Each child of a family the page has already reached through the access selectors, with
    their live trusted adults, in one query."""
    return trusted_adults_by_child(family=family)
