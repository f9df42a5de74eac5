"""Plan reviews, open plan actions and referral decisions as caseload deadlines (registered in
``ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from relsafe.cases.next_due import DueContext, register_next_due, watch_next_due
from relsafe.plans.models import Plan, PlanAction, Referral

# What the caseload says for each referral decision awaited (keys of ``deadlines.EXPECTATIONS``).
REFERRAL_LABELS = {
    "nrm_reasonable_grounds": "NRM reasonable grounds decision expected",
    "nrm_conclusive_grounds": "NRM conclusive grounds decision possible from",
    "mash_decision": "MASH decision expected",
    "mace_meeting": "MACE meeting expected by",
    "mace_outcome": "MACE outcome to be recorded by",
}
# "Not before" dates cannot be missed: shown while ahead, dropped once passed (never overdue).
NOT_BEFORE = {"nrm_conclusive_grounds"}


def plan_review_on(ctx: DueContext) -> Any:
    return Subquery(Plan.objects.filter(family=OuterRef("pk")).values("review_on")[:1])


def action_due_on(ctx: DueContext) -> Any:
    """The earliest open action on the family's plan, whoever owns it."""
    return Subquery(
        PlanAction.objects.filter(plan__family=OuterRef("pk"), status__in=PlanAction.OPEN_STATUSES)
        .order_by("due_on")
        .values("due_on")[:1]
    )


def referral_due_on(key: str) -> Any:
    def due_on(ctx: DueContext) -> Any:
        referrals = Referral.objects.filter(family=OuterRef("pk"), next_decision=key)
        if key in NOT_BEFORE:
            referrals = referrals.filter(next_decision_on__gte=ctx.today)
        return Subquery(referrals.order_by("next_decision_on").values("next_decision_on")[:1])

    return due_on


def register() -> None:
    register_next_due(key="plan_review", label="Plan review due", due_on=plan_review_on)
    register_next_due(key="plan_action", label="Plan action due", due_on=action_due_on)
    for key, label in REFERRAL_LABELS.items():
        register_next_due(
            key=f"referral_{key}",
            label=label,
            due_on=referral_due_on(key),
            lapses=key in NOT_BEFORE,
        )
    # The stored next due follows every plan, action and referral written (a referral's
    # next decision is written with a bare update: ``store_next_decision`` refreshes it itself).
    watch_next_due(Plan, family_of=lambda plan: plan.family_id)
    watch_next_due(PlanAction, family_of=_action_family)
    watch_next_due(Referral, family_of=lambda referral: referral.family_id)


def _action_family(action: PlanAction) -> int | None:
    family_id: int | None = (
        Plan.objects.filter(pk=action.plan_id).values_list("family_id", flat=True).first()
    )
    return family_id
