"""Demo plans and referrals (fictional), in the careful language of PRODUCT.md §6.

Jayden's family (RS-0001), journey 1: a plan shared with Precious, with actions for Precious, for Sam,
for Jayden and for school; an NRM referral with a positive reasonable-grounds decision; MACE
listings; the MASH referral that opened the case. Other demo families (looked up by reference,
skipped when absent) get a plan with one action. Idempotent: existing plans and referrals are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.cases.models import Family
from relsafe.core.demo import DemoWorld
from relsafe.core.search import fill_missing_search_text
from relsafe.plans.models import Plan, PlanAction, Referral
from relsafe.plans.search import action_search_text, plan_search_text, referral_search_text
from relsafe.plans.services import store_next_decision


def _on(days: int) -> dt.date:
    """A date ``days`` from today (negative: in the past)."""
    return timezone.localdate() + dt.timedelta(days=days)


def _seed_jayden(world: DemoWorld) -> None:
    family = Family.objects.filter(reference="RS-0001").first()
    sam, leah = world.people.get("sam"), world.people.get("leah")
    if family is None or sam is None:
        return
    jayden = family.young_people.filter(first_name="Jayden").first()
    if not Plan.objects.filter(family=family).exists():
        plan = Plan.objects.create(
            family=family,
            summary=(
                "Jayden is safe from the adults exploiting him, stays at home with his mum and "
                "sister, and keeps doing what he loves: football, boxing and drawing."
            ),
            review_on=_on(30),
            shared_with_family=True,
            shared_with="Precious Mensah (mum)",
            shared_at=timezone.now() - dt.timedelta(days=200),
            shared_by=sam,
            created_by=sam,
        )
        actions: list[dict[str, Any]] = [
            {
                "description": "Keep a dated log of cars, plates, names and numbers you see, and "
                "go through it with Sam each week.",
                "owner_type": PlanAction.OwnerType.PARENT,
                "owner_name": "Precious Mensah",
                "due_on": _on(7),
                "status": PlanAction.Status.IN_PROGRESS,
            },
            {
                "description": "If Jayden goes missing, ring the police and Sam straight away and "
                "use the missing-from-home sheet with his photo and places to look.",
                "owner_type": PlanAction.OwnerType.PARENT,
                "owner_name": "Precious Mensah",
                "due_on": _on(-150),
                "status": PlanAction.Status.DONE,
                "completed_on": _on(-160),
            },
            {
                "description": "Sam will visit you and Jayden each week, and pass what you have "
                "seen to the police.",
                "owner_type": PlanAction.OwnerType.WORKER,
                "owner_user": sam,
                "due_on": _on(3),
                "status": PlanAction.Status.IN_PROGRESS,
            },
            {
                "description": "Ask the NRM competent authority when the conclusive grounds "
                "decision for Jayden is expected.",
                "owner_type": PlanAction.OwnerType.WORKER,
                "owner_user": sam,
                "due_on": _on(5),
                "status": PlanAction.Status.NOT_STARTED,
            },
            {
                "description": "School mentor meets Jayden every Tuesday and tells Sam the same "
                "day if Jayden is not in school.",
                "owner_type": PlanAction.OwnerType.AGENCY,
                "owner_name": "Northbridge Academy (school mentor)",
                "due_on": _on(30),
                "status": PlanAction.Status.IN_PROGRESS,
            },
            {
                "description": "Tell your uncle or your mum if anyone asks you to go somewhere or "
                "carry something for them.",
                "owner_type": PlanAction.OwnerType.YOUNG_PERSON,
                "owner_name": "Jayden",
                "due_on": _on(30),
                "status": PlanAction.Status.IN_PROGRESS,
            },
        ]
        if leah is not None:
            actions.append(
                {
                    "description": "Make sure a return home interview is offered within 72 hours "
                    "of Jayden coming home after any missing episode.",
                    "owner_type": PlanAction.OwnerType.WORKER,
                    "owner_user": leah,
                    "due_on": _on(10),
                    "status": PlanAction.Status.IN_PROGRESS,
                }
            )
        for values in actions:
            PlanAction.objects.create(plan=plan, **values)
    if jayden is not None and not Referral.objects.filter(family=family).exists():
        recorder = leah or sam
        Referral.objects.create(
            family=family,
            young_person=jayden,
            kind=Referral.Kind.MASH,
            submitted_on=_on(-238),
            outcome_on=_on(-237),
            outcome="Accepted for assessment by the adolescent safeguarding team; "
            "parent liaison officer asked to work with Precious.",
            recorded_by=recorder,
        )
        Referral.objects.create(
            family=family,
            young_person=jayden,
            kind=Referral.Kind.NRM,
            submitted_on=_on(-200),
            reference="NRM-DEMO-0142",
            reasonable_grounds_on=_on(-196),
            reasonable_grounds_outcome=Referral.Decision.POSITIVE,
            recorded_by=recorder,
        )
        Referral.objects.create(
            family=family,
            young_person=jayden,
            kind=Referral.Kind.MACE,
            submitted_on=_on(-180),
            meeting_on=_on(-160),
            outcome_on=_on(-158),
            outcome="The man known as 'Ghost', the grey car and the shopping centre added to the "
            "exploitation map; police disruption plan at the shopping centre.",
            recorded_by=recorder,
        )
        Referral.objects.create(
            family=family,
            young_person=jayden,
            kind=Referral.Kind.MACE,
            submitted_on=_on(-10),
            recorded_by=sam,
        )


def _seed_other(reference: str, action_in_days: int = 5) -> None:
    family = Family.objects.filter(reference=reference).first()
    if family is None or Plan.objects.filter(family=family).exists():
        return
    allocation = (
        family.allocations.filter(ended_at__isnull=True)
        .order_by("-is_lead", "started_at")
        .select_related("worker")
        .first()
    )
    if allocation is None:
        return
    plan = Plan.objects.create(
        family=family,
        summary="The young person is safe online and the family knows who to call.",
        review_on=_on(60),
        created_by=allocation.worker,
    )
    PlanAction.objects.create(
        plan=plan,
        description="Visit the family and go through online safety settings together.",
        owner_type=PlanAction.OwnerType.WORKER,
        owner_user=allocation.worker,
        due_on=_on(action_in_days),
    )


@transaction.atomic
def seed(world: DemoWorld) -> None:
    _seed_jayden(world)
    for reference in ("RS-0002", "RS-0004", "RS-0005", "RS-0006"):
        _seed_other(reference)
    # Jayden's family shows a live return home interview clock on the caseload (records demo);
    # this one shows an overdue action on Sam's task list and caseload.
    _seed_other("RS-0003", action_in_days=-2)
    for referral in Referral.objects.filter(next_decision="", next_decision_on__isnull=True):
        store_next_decision(referral=referral)
    fill_missing_search_text(Plan, plan_search_text)
    fill_missing_search_text(PlanAction, action_search_text)
    fill_missing_search_text(Referral, referral_search_text)
