"""Small filters for the intelligence pages (no queries: the views read everything first)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def seen_for(seen: dict[int, Any] | None, entity: Any) -> Any:
    """The "also reported in" entry for an entity pk in a police copy, or None."""
    if not seen or entity is None:
        return None
    return seen.get(int(entity))


@register.filter
def percent_of(done: int, total: int) -> int:
    return int(100 * done / total) if total else 0


@register.filter
def add_group(form: Any, names: str) -> list[Any]:
    """Bound fields of a form by name, in order (a fieldset's fields)."""
    return [form[name] for name in names.split()]


@register.filter
def of_kind(network: Any, kind: str) -> list[Any]:
    return list(network.of_kind(kind))


@register.filter
def linked_to(network: Any, node_id: str) -> list[Any]:
    """Every node linked to this one, by kind then name (computed from the built network)."""
    return list(network.linked(node_id))


@register.filter
def get_list(mapping: dict[Any, list[Any]] | None, key: Any) -> list[Any]:
    return list((mapping or {}).get(key, []))
