"""Small template helpers for assessments, and the family page's assessment summary."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from relsafe.access.policy import Action, can
from relsafe.assessments import selectors

register = template.Library()

_LEVEL_COLOURS = {"low": "green", "medium": "yellow", "high": "red"}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.simple_tag
def level_tag(level: str) -> SafeString:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        _LEVEL_COLOURS.get(level, "grey"),
        level.capitalize(),
    )


@register.simple_tag(takes_context=True)
def assessment_summary(context: Any, family: Any) -> list[Any] | None:
    """For the family page include: ``family`` came from ``get_family`` (already checked and
    audited). None for anyone who may not see assessments (police see the family page, not these)."""
    if not can(context.get("user"), Action.VIEW_ASSESSMENTS, family=family):
        return None
    return selectors.family_summary(family)
