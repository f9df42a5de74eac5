"""Who sees which plans, actions and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relsafe.plans import selectors
from relsafe.plans.models import PlanAction, Referral
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    FamilyMemberFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    UserFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


def _worker_action(worker: Any, plan: Any, days: int, **extra: Any) -> PlanAction:
    return PlanActionFactory.create(
        plan=plan,
        owner_type=PlanAction.OwnerType.WORKER,
        owner_user=worker,
        owner_name="",
        due_on=timezone.localdate() + dt.timedelta(days=days),
        **extra,
    )


def test_actions_due_for_shows_only_my_open_actions_due_soon_on_my_families() -> None:
    worker = UserFactory.create()
    plan = PlanFactory.create()
    allocation = AllocationFactory.create(family=plan.family, worker=worker)
    overdue = _worker_action(worker, plan, -3)
    soon = _worker_action(worker, plan, 5)
    _worker_action(worker, plan, 40)  # not due yet
    _worker_action(worker, plan, 1, status=PlanAction.Status.DONE)
    colleague = UserFactory.create()
    AllocationFactory.create(family=plan.family, worker=colleague)
    _worker_action(colleague, plan, 1)  # someone else's
    assert selectors.actions_due_for(worker) == [overdue, soon]
    assert overdue.overdue
    assert not soon.overdue
    allocation.ended_at = timezone.now()
    allocation.save()
    assert selectors.actions_due_for(worker) == []  # off the case: gone on the next request


def test_referral_deadlines_cover_only_visible_families_soonest_first() -> None:
    worker = UserFactory.create()
    yp = YoungPersonFactory.create()
    AllocationFactory.create(family=yp.family, worker=worker)
    today = timezone.localdate()
    later = ReferralFactory.create(
        young_person=yp, kind=Referral.Kind.MACE, submitted_on=today - dt.timedelta(days=2)
    )
    sooner = ReferralFactory.create(young_person=yp, kind=Referral.Kind.NRM, submitted_on=today)
    ReferralFactory.create(
        young_person=yp, kind=Referral.Kind.MASH, submitted_on=today, outcome_on=today
    )  # decided: nothing awaited
    ReferralFactory.create(kind=Referral.Kind.NRM)  # another family
    deadlines = selectors.referral_deadlines(worker)
    assert [d.referral for d in deadlines] == [sooner, later]


def test_parents_see_only_their_own_familys_plan_and_only_once_shared() -> None:
    parent = FamilyMemberFactory.create()
    plan = PlanFactory.create()
    CarerFactory.create(family=plan.family, portal_user=parent)
    assert selectors.shared_plan_for_parent(parent) is None
    plan.shared_with_family = True
    plan.shared_at = timezone.now()
    plan.save()
    assert selectors.shared_plan_for_parent(parent) == plan
    other_parent = FamilyMemberFactory.create()
    CarerFactory.create(portal_user=other_parent)
    assert selectors.shared_plan_for_parent(other_parent) is None
    worker = UserFactory.create()
    AllocationFactory.create(family=plan.family, worker=worker)
    assert selectors.shared_plan_for_parent(worker) is None  # a portal read, for parents only


def test_actions_cannot_be_reached_through_another_familys_address() -> None:
    worker = UserFactory.create()
    mine = PlanFactory.create()
    AllocationFactory.create(family=mine.family, worker=worker)
    theirs = PlanActionFactory.create()
    with pytest.raises(Http404):
        selectors.get_action(user=worker, family_pk=mine.family_id, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.get_referral(
            user=worker, family_pk=mine.family_id, pk=ReferralFactory.create().pk
        )


def test_plan_page_queries_do_not_grow_with_actions(django_assert_max_num_queries: Any) -> None:
    """Measured at two sizes: a fixed cap broke whenever opening a family (audit, "last viewed")
    gained a query, which says nothing about growth."""

    worker = UserFactory.create()
    plan = PlanFactory.create()
    AllocationFactory.create(family=plan.family, worker=worker)
    _worker_action(worker, plan, 0)
    selectors.family_plan(user=worker, family_pk=plan.family_id)  # first view is remembered
    with CaptureQueriesContext(connection) as one:
        selectors.family_plan(user=worker, family_pk=plan.family_id)
    for n in range(1, 25):
        _worker_action(worker, plan, n)
    with django_assert_max_num_queries(len(one)):
        context = selectors.family_plan(user=worker, family_pk=plan.family_id)
        assert len(context["actions"]) == 25
        assert next(a.owner_display for a in context["actions"]) == worker.full_name


def test_referral_events_for_the_chronology_are_dated_and_in_order() -> None:
    yp = YoungPersonFactory.create(first_name="Jay", last_name="Test", preferred_name="")
    today = timezone.localdate()
    ReferralFactory.create(
        young_person=yp,
        kind=Referral.Kind.NRM,
        submitted_on=today - dt.timedelta(days=10),
        reasonable_grounds_on=today - dt.timedelta(days=6),
        reasonable_grounds_outcome=Referral.Decision.POSITIVE,
    )
    ReferralFactory.create(
        young_person=yp, kind=Referral.Kind.MACE, submitted_on=today - dt.timedelta(days=8)
    )
    titles = [e.title for e in selectors.significant_referral_events(yp.family)]
    assert titles == [
        "Referral to the National Referral Mechanism (NRM) made for Jay Test",
        "Jay Test listed for MACE",
        "NRM reasonable grounds decision for Jay Test: positive",
    ]
