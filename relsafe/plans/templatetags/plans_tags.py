"""The worker's start-page task list, loaded by ``plans/_my_actions.html``."""

from __future__ import annotations

from typing import Any

from django import template

from relsafe.assessments.selectors import overdue_screening_reviews
from relsafe.plans import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_tasks(context: Any) -> dict[str, Any]:
    """Plan actions due, referral decisions awaited and screening reviews overdue, for the
    signed-in person, each scoped by ``visible_families`` inside the selector."""
    user = context["request"].user
    return {
        "actions": selectors.actions_due_for(user),
        "deadlines": selectors.referral_deadlines(user),
        "overdue_reviews": overdue_screening_reviews(user=user),
        "within_days": selectors.DUE_SOON_DAYS,
    }


@register.simple_tag(takes_context=True)
def family_plan(context: Any) -> Any:
    """The plan a parent may read on their start page: their own family's, once it is shared.
    The read is audited inside the selector."""
    request = context["request"]
    return selectors.shared_plan_for_parent(request.user, request=request)
