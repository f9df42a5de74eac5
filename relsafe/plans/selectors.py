"""Reads of plans and referrals. Every entry point takes the acting user and starts from
``get_family`` (404 + audit) or ``visible_families(user)``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.events import SignificantEvent
from relsafe.cases.models import Family
from relsafe.cases.selectors import get_family
from relsafe.plans.deadlines import Deadline, next_deadline
from relsafe.plans.models import Plan, PlanAction, Referral

DUE_SOON_DAYS = 14


def _actions() -> QuerySet[PlanAction]:
    return PlanAction.objects.select_related("owner_user").order_by("due_on", "pk")


def _visible_family_ids(user: User) -> Any:
    """Families whose plan this person may open (``Action.VIEW_PLAN``: the plan pages are the
    caseworkers'; parents see a shared plan only through ``shared_plan_for_parent``). None when
    they see no plans at all."""
    if not policy.can(user, Action.VIEW_PLAN):
        return None
    return policy.families_for(user, Action.VIEW_PLAN).values("pk")


def visible_plans(user: User) -> QuerySet[Plan]:
    families = _visible_family_ids(user)
    return Plan.objects.none() if families is None else Plan.objects.filter(family__in=families)


def visible_plan_actions(user: User) -> QuerySet[PlanAction]:
    families = _visible_family_ids(user)
    if families is None:
        return PlanAction.objects.none()
    return PlanAction.objects.filter(plan__family__in=families)


def visible_referrals(user: User) -> QuerySet[Referral]:
    families = _visible_family_ids(user)
    if families is None:
        return Referral.objects.none()
    return Referral.objects.filter(family__in=families)


def team_workers(family: Family) -> list[User]:
    """Workers with an open allocation: the people a worker-owned action can be given to."""
    return [
        a.worker for a in family.allocations.filter(ended_at__isnull=True).select_related("worker")
    ]


def family_plan(
    *, user: User, family_pk: int, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The plan page: the plan (None until started), its actions, referrals with their next deadline."""
    family = get_family(user=user, pk=family_pk, request=request)
    plan = (
        Plan.objects.filter(family=family)
        .select_related("shared_by", "created_by")
        .prefetch_related(Prefetch("actions", queryset=_actions()))
        .first()
    )
    today = timezone.localdate()
    referrals = list(
        Referral.objects.filter(family=family).select_related("young_person", "recorded_by")
    )
    return {
        "family": family,
        "plan": plan,
        # Open actions first (soonest due at the top), then done and no longer needed.
        "actions": sorted(plan.actions.all(), key=lambda a: (not a.is_open, a.due_on, a.pk))
        if plan
        else [],
        "referrals": [(r, next_deadline(r, today=today)) for r in referrals],
        "today": today,
    }


def get_plan(*, user: User, family_pk: int, request: HttpRequest | None = None) -> Plan:
    family = get_family(user=user, pk=family_pk, request=request)
    plan = Plan.objects.filter(family=family).select_related("family").first()
    if plan is None:
        raise Http404("No plan yet")
    return plan


def get_action(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> PlanAction:
    family = get_family(user=user, pk=family_pk, request=request)
    action = (
        _actions().filter(plan__family=family, pk=pk).select_related("plan", "plan__family").first()
    )
    if action is None:
        raise policy.not_found(
            user,
            Action.VIEW_PLAN,
            object_type="plans.planaction",
            object_id=pk,
            family=family,
            request=request,
        )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=action,
        family_id=family.pk,
        reason="case access",
    )
    return action


def get_referral(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> Referral:
    family = get_family(user=user, pk=family_pk, request=request)
    referral = (
        Referral.objects.filter(family=family, pk=pk)
        .select_related("young_person", "family")
        .first()
    )
    if referral is None:
        raise policy.not_found(
            user,
            Action.VIEW_PLAN,
            object_type="plans.referral",
            object_id=pk,
            family=family,
            request=request,
        )
    record(action=AuditAction.VIEW, actor=user, request=request, obj=referral, reason="case access")
    return referral


def actions_due_for(
    user: User, *, within_days: int = DUE_SOON_DAYS, today: dt.date | None = None
) -> list[PlanAction]:
    """Open actions this worker owns, overdue or due within ``within_days``, on families they may
    still see (an ended allocation drops them on the next request)."""
    today = today or timezone.localdate()
    actions = list(
        _actions()
        .filter(
            owner_user=user,
            status__in=PlanAction.OPEN_STATUSES,
            due_on__lte=today + dt.timedelta(days=within_days),
            plan__family__in=policy.visible_families(user),
        )
        .select_related("plan__family")
    )
    if actions:
        record(
            action=AuditAction.VIEW,
            actor=user,
            object_type="plans.planaction",
            reason="their own tasks",
            detail={"count": len(actions)},
        )
    return actions


def referral_deadlines(user: User, *, today: dt.date | None = None) -> list[Deadline]:
    """The next outstanding decision for every referral on the families this person may see,
    soonest first."""
    today = today or timezone.localdate()
    referrals = Referral.objects.filter(family__in=policy.visible_families(user)).select_related(
        "family", "young_person"
    )
    deadlines = [d for r in referrals if (d := next_deadline(r, today=today)) is not None]
    return sorted(deadlines, key=lambda d: (d.due_on, d.referral.pk))


def shared_plan_for_parent(user: User, *, request: HttpRequest | None = None) -> Plan | None:
    """The plan a parent may see: only their own family's, and only once it is marked shared."""
    if not policy.can(user, Action.VIEW_SHARED_PLAN):
        return None
    plan = (
        Plan.objects.filter(
            family__in=policy.families_for(user, Action.VIEW_SHARED_PLAN),
            family__carers__portal_user=user,
            shared_with_family=True,
        )
        .select_related("family")
        .prefetch_related(Prefetch("actions", queryset=_actions()))
        .first()
    )
    if plan is not None:
        record(
            action=AuditAction.VIEW,
            actor=user,
            request=request,
            obj=plan,
            reason=policy.AccessReason.OWN_FAMILY.value,
        )
        _name_for_parent(plan, user)
    return plan


def _name_for_parent(plan: Plan, user: User) -> None:
    """Who does each action, said to the parent reading it: "You" for their own, the worker by
    the name the parent knows them by, with what they do ("Sam Okoro, your worker")."""
    own_names = {user.full_name.strip().lower()} | {
        name.strip().lower()
        for name in plan.family.carers.filter(portal_user=user).values_list("full_name", flat=True)
    }
    for action in plan.actions.all():
        if (
            action.owner_type == PlanAction.OwnerType.PARENT
            and action.owner_name.strip().lower() in own_names
        ):
            action.owner_for_parent = "You"  # type: ignore[attr-defined]
        elif action.owner_type == PlanAction.OwnerType.WORKER and action.owner_user is not None:
            action.owner_for_parent = f"{action.owner_user.full_name}, your worker"  # type: ignore[attr-defined]
        else:
            action.owner_for_parent = action.owner_display  # type: ignore[attr-defined]


# How a referral of each kind is named inside a sentence ("MASH referral made for Jayden").
REFERRAL_NAMES: dict[str, str] = {
    Referral.Kind.NRM: "referral to the National Referral Mechanism (NRM)",
    Referral.Kind.MASH: "MASH (front door) referral",
    Referral.Kind.MACE: "MACE listing",
}


def get_shared_action(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> PlanAction:
    """An action in a parent's own family's plan, once shared with them; a 404 otherwise."""
    action = (
        PlanAction.objects.filter(
            plan__family__in=policy.families_for(user, Action.VIEW_SHARED_PLAN),
            plan__family__carers__portal_user=user,
            plan__family_id=family_pk,
            plan__shared_with_family=True,
            pk=pk,
        )
        .select_related("plan", "plan__family")
        .first()
    )
    if action is None:
        raise policy.not_found(
            user,
            Action.MARK_OWN_ACTION_DONE,
            object_type="plans.planaction",
            object_id=pk,
            request=request,
        )
    return action


def significant_referral_events(family: Family) -> list[SignificantEvent]:
    """Dated referral events for the chronology (``relsafe.records`` merges them with
    ``relsafe.assessments.selectors.significant_assessment_events``, same shape: ``cases.events``).
    The caller must have obtained
    ``family`` through ``get_family``."""
    events: list[SignificantEvent] = []

    def add(date: dt.date | None, title: str, referral: Referral, details: str = "") -> None:
        if date is not None:
            events.append(
                SignificantEvent(
                    date=date,
                    title=title,
                    kind="concern",
                    object_type="plans.referral",
                    object_id=referral.pk,
                    details=details,
                    recorded_by=referral.recorded_by.full_name,
                    young_person_ids=frozenset({referral.young_person_id}),
                )
            )

    for r in Referral.objects.filter(family=family).select_related("young_person", "recorded_by"):
        name = r.young_person.display_name
        if r.kind == Referral.Kind.MACE:
            add(r.submitted_on, f"{name} listed for MACE", r)
            add(r.meeting_on, f"MACE meeting discussed {name}", r)
            add(r.outcome_on, f"Outcome of the MACE listing for {name}", r, r.outcome)
            continue
        add(
            r.submitted_on,
            f"{REFERRAL_NAMES[r.kind][:1].upper()}{REFERRAL_NAMES[r.kind][1:]} made for {name}",
            r,
        )
        if r.kind == Referral.Kind.NRM:
            add(
                r.reasonable_grounds_on,
                f"NRM reasonable grounds decision for {name}: "
                f"{r.get_reasonable_grounds_outcome_display().lower()}",
                r,
            )
            add(
                r.conclusive_grounds_on,
                f"NRM conclusive grounds decision for {name}: "
                f"{r.get_conclusive_grounds_outcome_display().lower()}",
                r,
            )
        else:
            add(r.outcome_on, f"Decision on the {REFERRAL_NAMES[r.kind]} for {name}", r, r.outcome)
    return sorted(events, key=lambda e: e.date)
