"""Template helpers for records: rich-text display. (Pages get their data from their views.)"""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from relsafe.records.services import sanitise_text

register = template.Library()

_BLOCK = re.compile(r"<(p|br|ul|ol|li)\b")


@register.filter
def rich(stored: str) -> SafeString:
    """Show a stored note as HTML. It was sanitised when saved; it is sanitised again here so a
    row written some other way cannot carry markup into the page. Plain text keeps its paragraphs."""
    cleaned = sanitise_text(stored or "")
    if cleaned and not _BLOCK.search(cleaned):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
        cleaned = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return mark_safe(cleaned)  # noqa: S308 - nh3 output, allowlisted tags without attributes
