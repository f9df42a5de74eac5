"""Small display helpers for the portal's templates (no queries)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def answer(obj: Any, field: str) -> Any:
    """An answer on a scale, by the scale's field name."""
    return getattr(obj, field, "")


@register.filter
def trust_label(value: int | None) -> str:
    """The words at a point of the "who I trust" scale."""
    from relsafe.portal.scales import TRUST_POINTS, point_label

    return point_label(TRUST_POINTS, value)
