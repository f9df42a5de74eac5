"""Small panels other apps' pages include with one line (the emergency-access banner on a family
page, the unread-messages panel on start pages), and ``{% may %}``, the policy's question asked
from a template, so templates never compare roles."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from relsafe.access import policy, selectors
from relsafe.cases.models import Family

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: dict[str, Any], action: str, target: Model | None = None) -> bool:
    """``{% may "record" family as may_record %}``: whether the person viewing the page may do
    this action (an ``access.policy.Action`` value) on this family or record. An unknown action
    name is a programming error, so it fails loudly rather than quietly hiding a link."""
    request = context.get("request")
    user = getattr(request, "user", None)
    wanted = policy.Action(action)
    if isinstance(target, Family):
        return policy.can(user, wanted, family=target)
    return policy.can(user, wanted, record=target)


@register.inclusion_tag("access/_family_access_panel.html", takes_context=True)
def family_access_panel(context: dict[str, Any], family: Any) -> dict[str, Any]:
    """The break-glass banner while a grant is live, and the manager's link to change the team."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"grant": None, "can_allocate": False, "family": family}
    return {
        "grant": selectors.live_grant_for_page(user=user, family=family),
        "can_allocate": policy.can(user, policy.Action.ALLOCATE, family=family),
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
