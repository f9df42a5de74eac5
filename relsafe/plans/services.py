"""Writes for plans and referrals: one transaction each, with its audit entry; edits check the
version the person started from (``EditConflict`` on a second save). Each checks, itself, that the
person may manage this family's plan (``access.policy.require``), whoever called it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, deny, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.cases.next_due import refresh_next_due
from relsafe.core.concurrency import update_if_unchanged
from relsafe.core.search import with_search_text
from relsafe.plans.deadlines import next_deadline
from relsafe.plans.models import Plan, PlanAction, Referral
from relsafe.plans.search import action_search_text, plan_search_text, referral_search_text

PLAN_FIELDS = ("summary", "review_on", "shared_with_family", "shared_with")
ACTION_FIELDS = ("description", "owner_type", "owner_name", "owner_user", "due_on", "status")
REFERRAL_FIELDS = (
    "submitted_on",
    "reference",
    "reasonable_grounds_on",
    "reasonable_grounds_outcome",
    "conclusive_grounds_on",
    "conclusive_grounds_outcome",
    "meeting_on",
    "outcome_on",
    "outcome",
)


@atomic_action
def start_plan(*, actor: User, family: Family, request: HttpRequest | None = None) -> Plan:
    """The family's plan, created on first use (one per family)."""
    require(actor, Action.MANAGE_PLAN, family=family, request=request)
    plan, created = Plan.objects.get_or_create(family=family, defaults={"created_by": actor})
    if created:
        record(action=AuditAction.CREATE, actor=actor, request=request, obj=plan)
    return plan


@atomic_action
def update_plan(
    *,
    actor: User,
    plan: Plan,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Plan:
    """Change the plan's summary, review date or sharing. Sharing records who decided and when;
    un-sharing clears it (the audit trail keeps the history)."""
    require(actor, Action.MANAGE_PLAN, family=plan.family, request=request)
    clean = {k: v for k, v in values.items() if k in PLAN_FIELDS}
    sharing_now = bool(clean.get("shared_with_family"))
    if sharing_now and not (clean.get("shared_with") or "").strip():
        raise ValidationError({"shared_with": "Say who in the family the plan is shared with"})
    was_shared = plan.shared_with_family
    review_before = plan.review_on
    if sharing_now and not was_shared:
        clean["shared_at"] = timezone.now()
        clean["shared_by"] = actor
    elif not sharing_now:
        clean.update(shared_at=None, shared_by=None, shared_with="")
    plan = update_if_unchanged(
        plan, expected_version, **with_search_text(plan, clean, plan_search_text)
    )
    detail: dict[str, Any] = {
        "version": plan.version,
        "shared_with_family": plan.shared_with_family,
    }
    if review_before is not None and plan.review_on != review_before:
        # Setting the next review date is how a review is recorded: the chronology shows it
        # (``plans.chronology``) as "Plan reviewed".
        detail["reviewed_on"] = timezone.localdate().isoformat()
        detail["next_review_on"] = plan.review_on.isoformat() if plan.review_on else None
    record(
        action=AuditAction.SHARE if sharing_now and not was_shared else AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=plan,
        detail=detail,
    )
    return plan


def _check_action(plan: Plan, values: dict[str, Any]) -> None:
    owner_type = values.get("owner_type")
    if owner_type == PlanAction.OwnerType.WORKER:
        worker = values.get("owner_user")
        if worker is None:
            raise ValidationError({"owner_user": "Choose the worker who will do this"})
        if not plan.family.allocations.filter(worker=worker, ended_at__isnull=True).exists():
            raise ValidationError({"owner_user": "Choose a worker in the team around this family"})
        values["owner_name"] = ""
    else:
        if not (values.get("owner_name") or "").strip():
            raise ValidationError({"owner_name": "Enter the name of the person or agency"})
        values["owner_user"] = None


@atomic_action
def add_action(
    *,
    actor: User,
    plan: Plan,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> PlanAction:
    require(actor, Action.MANAGE_PLAN, family=plan.family, request=request)
    clean = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    _check_action(plan, clean)
    if clean.get("status") == PlanAction.Status.DONE:
        clean["completed_on"] = timezone.localdate()
    action = PlanAction(plan=plan, **clean)
    action.search_text = action_search_text(action)
    action.save(force_insert=True)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=action,
        family_id=plan.family_id,
        detail={"owner_type": action.owner_type, "due_on": action.due_on.isoformat()},
    )
    return action


@atomic_action
def update_action(
    *,
    actor: User,
    action: PlanAction,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> PlanAction:
    require(actor, Action.MANAGE_PLAN, family=action.plan.family, request=request)
    clean = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    _check_action(action.plan, clean)
    status = clean.get("status", action.status)
    if status == PlanAction.Status.DONE and action.completed_on is None:
        clean["completed_on"] = timezone.localdate()
    elif status != PlanAction.Status.DONE:
        clean["completed_on"] = None
    action = update_if_unchanged(
        action, expected_version, **with_search_text(action, clean, action_search_text)
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=action,
        family_id=action.plan.family_id,
        detail={"version": action.version, "status": action.status},
    )
    return action


def refresh_next_decisions() -> int:
    """Recompute every referral's stored next decision; returns how many changed. Run after
    ``BANK_HOLIDAY_REGION`` changes (the stored dates were worked out with the old holidays)."""
    changed = 0
    for referral in Referral.objects.iterator():
        before = (referral.next_decision, referral.next_decision_on)
        store_next_decision(referral=referral)
        changed += before != (referral.next_decision, referral.next_decision_on)
    return changed


def store_next_decision(*, referral: Referral) -> Referral:
    """Keep the referral's next outstanding decision and its due date on the row, for the caseload
    to sort and filter on in SQL. Called inside the transaction that changed the referral (and by
    the demo loader, which writes referrals directly)."""
    deadline = next_deadline(referral, today=timezone.localdate())
    referral.next_decision = deadline.key if deadline else ""
    referral.next_decision_on = deadline.due_on if deadline else None
    Referral.objects.filter(pk=referral.pk).update(
        next_decision=referral.next_decision, next_decision_on=referral.next_decision_on
    )
    refresh_next_due([referral.family_id])
    return referral


def _check_referral(kind: str, submitted_on: Any, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    rg_on = values.get("reasonable_grounds_on")
    cg_on = values.get("conclusive_grounds_on")
    if rg_on and rg_on < submitted_on:
        errors["reasonable_grounds_on"] = "The decision date must be on or after the referral date"
    if cg_on and not rg_on:
        errors["conclusive_grounds_on"] = "Record the reasonable grounds decision first"
    elif cg_on and rg_on and cg_on < rg_on:
        errors["conclusive_grounds_on"] = (
            "The conclusive grounds decision comes after the reasonable grounds decision"
        )
    if rg_on and values.get("reasonable_grounds_outcome") == Referral.Decision.AWAITED:
        errors["reasonable_grounds_outcome"] = "Choose the decision, or remove its date"
    if cg_on and values.get("conclusive_grounds_outcome") == Referral.Decision.AWAITED:
        errors["conclusive_grounds_outcome"] = "Choose the decision, or remove its date"
    meeting_on = values.get("meeting_on")
    outcome_on = values.get("outcome_on")
    if meeting_on and meeting_on < submitted_on:
        errors["meeting_on"] = "The meeting date must be on or after the listing date"
    if outcome_on and outcome_on < (meeting_on or submitted_on):
        errors["outcome_on"] = "The outcome date must be on or after the referral or meeting"
    if kind == Referral.Kind.MACE and outcome_on and not meeting_on:
        errors["meeting_on"] = "Enter the date of the MACE meeting"
    if errors:
        raise ValidationError(errors)


@atomic_action
def record_referral(
    *,
    actor: User,
    family: Family,
    young_person: YoungPerson,
    kind: str,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Referral:
    require(actor, Action.MANAGE_PLAN, family=family, request=request)
    if young_person.family_id != family.pk:
        raise ValidationError({"young_person": "Choose a young person in this family"})
    if kind not in Referral.Kind.values:
        raise ValidationError({"kind": "Choose the kind of referral"})
    clean = {k: v for k, v in values.items() if k in REFERRAL_FIELDS}
    _check_referral(kind, clean["submitted_on"], clean)
    referral = Referral(
        family=family, young_person=young_person, kind=kind, recorded_by=actor, **clean
    )
    referral.search_text = referral_search_text(referral)
    referral.save(force_insert=True)
    store_next_decision(referral=referral)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=referral,
        detail={"kind": kind},
    )
    return referral


@atomic_action
def update_referral(
    *,
    actor: User,
    referral: Referral,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Referral:
    require(actor, Action.MANAGE_PLAN, family=referral.family, request=request)
    clean = {k: v for k, v in values.items() if k in REFERRAL_FIELDS}
    _check_referral(referral.kind, clean.get("submitted_on", referral.submitted_on), clean)
    referral = update_if_unchanged(
        referral,
        expected_version,
        **with_search_text(referral, clean, referral_search_text),
    )
    store_next_decision(referral=referral)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=referral,
        detail={"version": referral.version},
    )
    return referral


@atomic_action
def mark_done_by_family(
    *, actor: User, action: PlanAction, request: HttpRequest | None = None
) -> PlanAction:
    """A parent or carer marks an action the plan gives to them as done, from their start page
    (issue 9). Only an action for a parent or carer, in their own family's plan once shared."""
    require(actor, Action.MARK_OWN_ACTION_DONE, record=action, request=request)
    if not action.plan.shared_with_family:
        raise deny(actor, Action.MARK_OWN_ACTION_DONE, record=action, request=request)
    if action.status == PlanAction.Status.DONE:
        return action
    action = update_if_unchanged(
        action,
        action.version,
        status=PlanAction.Status.DONE,
        completed_on=timezone.localdate(),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=action,
        family_id=action.plan.family_id,
        detail={"version": action.version, "status": action.status, "by_family": True},
    )
    return action
