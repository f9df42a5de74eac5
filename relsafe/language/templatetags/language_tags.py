"""Template helpers for the live "Language with care" check."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def live_check_vals(
    field: Any, age_field: Any = None, child_age: Any = None, own_words_field: Any = None
) -> str:
    """The JSON ``hx-vals`` telling the live check which field to read and which textarea to edit.

    Autoescaping turns the quotes into entities, which the browser turns back before htmx reads it.
    """
    values: dict[str, str] = {"field": field.html_name, "target": field.auto_id}
    if age_field is not None and age_field != "":
        values["age_field"] = age_field.html_name
    elif child_age is not None and child_age != "":
        values["child_age"] = str(child_age)
    if own_words_field is not None and own_words_field != "":
        values["own_words_field"] = own_words_field.html_name
    return json.dumps(values)


@register.filter
def language_findings(form: Any, name: str) -> list[Any]:
    """The findings the last save found in one field (shown under it when the form comes back)."""
    warnings = getattr(form, "language_warnings", None) or {}
    return list(warnings.get(name, []))


def _is_language(message: Any) -> bool:
    from relsafe.language.forms import MESSAGE_TAG

    return MESSAGE_TAG in str(getattr(message, "extra_tags", "") or "").split()


@register.filter
def language_messages(messages: Any) -> list[Any]:
    """Only the "Language with care" warnings from a page's messages."""
    return [m for m in messages or () if _is_language(m)]


@register.filter
def other_messages(messages: Any) -> list[Any]:
    """Every message except the "Language with care" warnings."""
    return [m for m in messages or () if not _is_language(m)]
