"""``{% may %}``: the policy's question asked from a template, so templates never compare roles."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from relsafe.access import policy
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
