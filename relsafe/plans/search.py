"""What plans contributes to the search (``relsafe.core.search``): the plan's summary, its actions
and the referrals' references and outcomes, for caseworkers who may open the family.

The ``*_search_text`` functions read only stored fields, so the services and the data migration
that filled existing rows build exactly the same text."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from relsafe.core.search import Described, SearchKind, local_midday, register, search_document
from relsafe.plans.models import Plan, PlanAction, Referral
from relsafe.plans.selectors import visible_plan_actions, visible_plans, visible_referrals

_REFERRAL_KINDS = dict(Referral.Kind.choices)


def plan_search_text(plan: Any) -> str:
    return search_document(plan.summary)


def action_search_text(action: Any) -> str:
    return search_document(action.description, action.owner_name)


def referral_search_text(referral: Any) -> str:
    return search_document(
        _REFERRAL_KINDS.get(referral.kind, ""), referral.reference, referral.outcome
    )


def _plan(plan: Plan) -> Described:
    return Described(
        title="Support and safety plan",
        family=plan.family,
        when=plan.updated_at,
        url=reverse("plans:plan", args=[plan.family_id]),
    )


def _action(action: PlanAction) -> Described:
    description = action.description
    short = description if len(description) <= 80 else description[:79].rstrip() + "…"
    return Described(
        title=f"Plan action: {short}",
        family=action.plan.family,
        when=action.created_at,
        url=reverse("plans:plan", args=[action.plan.family_id]) + f"#action-{action.pk}",
    )


def _referral(referral: Referral) -> Described:
    return Described(
        title=str(referral),
        family=referral.family,
        when=local_midday(referral.submitted_on),
        url=reverse("plans:plan", args=[referral.family_id]) + f"#referral-{referral.pk}",
    )


def register_kinds() -> None:
    register(
        SearchKind(
            key="plan",
            label="Plans",
            hit_label="Plan",
            model=Plan,
            visible=visible_plans,
            describe=_plan,
            newest="updated_at",
            order=30,
        )
    )
    register(
        SearchKind(
            key="action",
            label="Plan actions",
            hit_label="Plan action",
            model=PlanAction,
            visible=visible_plan_actions,
            describe=_action,
            newest="created_at",
            related=("plan__family",),
            order=40,
        )
    )
    register(
        SearchKind(
            key="referral",
            label="Referrals",
            hit_label="Referral",
            model=Referral,
            visible=visible_referrals,
            describe=_referral,
            newest="submitted_on",
            related=("family", "young_person"),
            order=50,
        )
    )
