"""Small helpers for the justice pages' templates (no queries)."""

from __future__ import annotations

from typing import Any

from django import template

from relsafe.cases.selectors import SMALL_NUMBER_THRESHOLD

register = template.Library()

_WORDS = (("met", "met"), ("not_met", "not met"), ("explained", "explained"))


@register.simple_tag
def rights_summary(rights: dict[str, dict[str, int]], kind: str, pk: int) -> str:
    """'5 met, 1 not met, 3 explained' for one person, from ``CasePage.rights``."""
    counts = rights.get(f"{kind}:{pk}", {})
    parts = [f"{counts[key]} {words}" for key, words in _WORDS if counts.get(key)]
    return ", ".join(parts) if parts else "not started"


@register.filter
def figure(value: Any) -> str:
    """A suppressed count (None) reads "fewer than 5"."""
    return f"fewer than {SMALL_NUMBER_THRESHOLD}" if value is None else str(value)
