"""Small panels other apps' pages include with one line: the emergency-access banner on a family
page and the unread-messages panel on start pages."""

from __future__ import annotations

from typing import Any

from django import template

from relsafe.access import policy, selectors

register = template.Library()


@register.inclusion_tag("access/_family_access_panel.html", takes_context=True)
def family_access_panel(context: dict[str, Any], family: Any) -> dict[str, Any]:
    """The break-glass banner while a grant is live, and the manager's link to change the team."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"grant": None, "can_allocate": False, "family": family}
    return {
        "grant": selectors.live_grant_for_page(user=user, family=family),
        "can_allocate": policy.can_allocate(user, family),
        "family": family,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("access/_notifications_panel.html", takes_context=True)
def notifications_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"summary": None}
    return {"summary": selectors.unread_summary(user=user), "csrf_token": context.get("csrf_token")}
