"""The plan's significant events in every family's chronology (``cases.events``): referrals and
their decisions, and plan reviews. Registered from ``PlansConfig.ready``."""

from __future__ import annotations

import datetime as dt

from django.utils.dateformat import format as format_date

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.audit.models import AuditEvent
from relsafe.cases.events import SignificantEvent, register_chronology_source
from relsafe.cases.models import Family
from relsafe.plans.models import Plan
from relsafe.plans.selectors import significant_referral_events


def plan_review_events(family: Family) -> list[SignificantEvent]:
    """A review is recorded by setting the plan's next review date (``plans.services.update_plan``
    writes ``reviewed_on`` into its audit entry); each becomes "Plan reviewed", oldest first."""
    plan = Plan.objects.filter(family=family).first()
    if plan is None:
        return []
    entries = AuditEvent.objects.filter(
        object_type="plans.plan", object_id=str(plan.pk), detail__has_key="reviewed_on"
    ).order_by("occurred_at", "id")
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id}).values_list(
            "pk", "full_name"
        )
    )
    events = []
    for entry in entries:
        next_on = entry.detail.get("next_review_on")
        details = (
            f"Next review on {format_date(dt.date.fromisoformat(next_on), 'j F Y')}."
            if next_on
            else "No further review set."
        )
        events.append(
            SignificantEvent(
                date=dt.date.fromisoformat(entry.detail["reviewed_on"]),
                title="Plan reviewed",
                kind="neutral",
                object_type="plans.plan",
                object_id=plan.pk,
                details=details,
                recorded_by=names.get(entry.actor_id or 0, ""),
            )
        )
    return events


def _referrals(user: User, family: Family) -> list[SignificantEvent]:
    if not policy.can(user, Action.VIEW_PLAN, family=family):
        return []
    return significant_referral_events(family)


def _reviews(user: User, family: Family) -> list[SignificantEvent]:
    if not policy.can(user, Action.VIEW_PLAN, family=family):
        return []
    return plan_review_events(family)


def register() -> None:
    register_chronology_source(key="referral", label="Referrals and decisions", events=_referrals)
    register_chronology_source(key="plan", label="Plan reviews", events=_reviews)
