"""Small template helpers for assessments (display only: pages get their data from their views)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
