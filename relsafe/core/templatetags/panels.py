"""``{% render_panel panel %}``: show a panel the view has already built (see ``core/panels.py``).
It renders the panel's template like ``{% include %}`` does, with the page's context plus the
panel's own (and the panel itself as ``panel``: its ``title`` and ``url``), and runs no query
of its own."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from relsafe.core.panels import Panel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: Context, panel: Panel) -> SafeString:
    tpl = context.template.engine.get_template(panel.template)  # type: ignore[union-attr]
    with context.push({"panel": panel, **panel.context}):
        rendered: SafeString = tpl.render(context)
    return rendered
