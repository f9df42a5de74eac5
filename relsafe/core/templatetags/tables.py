"""The one scroll box for tables: wide tables scroll sideways at 320 px instead of breaking the
page, and a keyboard must be able to reach the box to scroll it (WCAG 2.1.1; axe
``scrollable-region-focusable``). So the box is a focusable, named region::

    {% load tables %}
    {% scroll_region %}<table class="govuk-table"><caption …>Actions</caption>…</table>{% endscroll_region %}

It is named after the table's caption, or after the label given: ``{% scroll_region "Actions" %}``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def caption_of(rendered: str) -> str:
    """The first caption's words, as plain text."""
    found = _CAPTION.search(rendered)
    if not found:
        return ""
    return " ".join(html.unescape(strip_tags(found.group(1))).split())


def scroll_box(inner: str, label: str) -> SafeString:
    return format_html(
        '<div class="rs-table-wrap" role="region" aria-label="{}" tabindex="0">{}</div>',
        label or "Table",
        mark_safe(inner),  # noqa: S308 - already rendered (and escaped) by the template
    )


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: Any) -> str:
        inner = self.nodelist.render(context)
        label = str(self.label.resolve(context)) if self.label is not None else ""
        return scroll_box(inner, label or caption_of(inner))


@register.tag("scroll_region")
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scroll_region takes at most one label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, label)
