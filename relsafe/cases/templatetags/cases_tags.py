"""Small template helpers for case pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

register = template.Library()

STATUS_TAG_COLOURS = {
    "referral": "yellow",
    "active": "blue",
    "step_down": "turquoise",
    "closed": "grey",
}


@register.filter
def status_colour(status: str) -> str:
    return STATUS_TAG_COLOURS.get(status, "grey")


@register.filter
def lead_worker(family: Any) -> Any:
    """The lead worker among the prefetched open allocations (no extra query)."""
    allocations = getattr(family, "open_allocations", [])
    lead = next((a for a in allocations if a.is_lead), None)
    return lead.worker if lead else None


@register.filter
def changed_since_viewed(family: Any) -> bool:
    """Someone else changed a record of the family since this person last opened it (the
    caseload's ``changed_by_others``, from every app's records: ``cases.changes``); a family they
    have never opened counts as changed."""
    last_viewed: dt.datetime | None = getattr(family, "last_viewed", None)
    if last_viewed is None:
        return True
    changed = getattr(family, "changed_by_others", None)
    if changed is not None:
        return bool(changed)
    return bool(family.updated_at > last_viewed)


@register.simple_tag
def age(date_of_birth: dt.date, today: dt.date | None = None) -> int:
    from django.utils import timezone

    from relsafe.cases.validators import age_on

    return age_on(date_of_birth, today or timezone.localdate())


@register.inclusion_tag("cases/_next_due.html")
def next_due(family: Any, today: dt.date | None = None) -> dict[str, Any]:
    """A caseload row's next thing due, what it is, and an Overdue tag when past (no query: reads
    the annotations ``cases.selectors.caseload`` added)."""
    from django.utils import timezone

    from relsafe.cases.next_due import next_due_for

    due = next_due_for(family)
    today = today or timezone.localdate()
    return {"due": due, "when": due.when(today) if due else ""}


@register.simple_tag(takes_context=True)
def primary_action(context: Any, family: Any) -> Any:
    """The first primary action on a family ("Record a contact") for the person looking, or None
    (no query: reverses a registered URL name)."""
    from relsafe.accounts.models import User
    from relsafe.cases.family_page import family_actions

    user = context.get("user")
    actions = family_actions(user=user, family=family) if isinstance(user, User) else []
    return actions[0] if actions else None
