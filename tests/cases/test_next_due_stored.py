"""The stored next due (``Family.next_due_*``) always equals the computed one, after every kind of
write that feeds it: random sequences of service calls and factory writes over a few families,
checked after each step; plus the caseload reading it, a passed "not before" date moving on, and
the repair command."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.cases import selectors
from relsafe.cases.models import Family
from relsafe.cases.next_due import computed_next_due, stored_next_due
from relsafe.core.concurrency import update_if_unchanged
from relsafe.justice import services as justice_services
from relsafe.justice.models import CriminalJusticeCase
from relsafe.plans import services as plan_services
from relsafe.plans.models import PlanAction, Referral
from relsafe.records import services as record_services
from relsafe.records.models import MissingEpisode
from tests import factories
from tests.factories import allocated_family

MissingEpisodeFactory: Any = factories.MissingEpisodeFactory
OrganisationFactory: Any = factories.OrganisationFactory
PlanActionFactory: Any = factories.PlanActionFactory
ReturnHomeInterviewFactory: Any = factories.ReturnHomeInterviewFactory
ScreeningFactory: Any = factories.ScreeningFactory
UserFactory: Any = factories.UserFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _assert_stored_equals_computed(step: str) -> None:
    families = Family.objects.all()
    assert stored_next_due(families) == computed_next_due(families), step


class World:
    """A worker, a few families, and every kind of write that moves a next due."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.worker = UserFactory(organisation=OrganisationFactory())
        self.families = [
            allocated_family(self.worker, review_due=_days(rng.randint(-10, 60)) if i else None)
            for i in range(3)
        ]

    def family(self) -> Family:
        return self.rng.choice(self.families)

    def child(self, family: Family) -> Any:
        return family.young_people.first()

    # Each step is one write, through a service where one exists, otherwise as the app writes it.
    def plan_review(self) -> None:
        plan = plan_services.start_plan(actor=self.worker, family=self.family())
        update_if_unchanged(plan, plan.version, review_on=_days(self.rng.randint(-5, 40)))

    def add_action(self) -> None:
        plan = plan_services.start_plan(actor=self.worker, family=self.family())
        PlanActionFactory(plan=plan, due_on=_days(self.rng.randint(-8, 30)))

    def finish_action(self) -> None:
        action = PlanAction.objects.filter(status__in=PlanAction.OPEN_STATUSES).first()
        if action is not None:
            update_if_unchanged(action, action.version, status=PlanAction.Status.DONE)

    def delete_action(self) -> None:
        action = PlanAction.objects.order_by("?").first()
        if action is not None:
            action.delete()

    def missing_and_return(self) -> None:
        family = self.family()
        gone = timezone.now() - dt.timedelta(hours=self.rng.randint(10, 200))
        episode = record_services.record_missing_episode(
            actor=self.worker,
            family=family,
            young_person=self.child(family),
            reported_missing_at=gone,
            reported_by="Mum",
            risk_level="medium",
        )
        record_services.record_return(
            actor=self.worker,
            episode=episode,
            expected_version=episode.version,
            returned_at=gone + dt.timedelta(hours=self.rng.randint(1, 9)),
        )

    def interview(self) -> None:
        episode = MissingEpisode.objects.filter(
            returned_at__isnull=False, return_interview__isnull=True
        ).first()
        if episode is not None:
            ReturnHomeInterviewFactory(episode=episode, recorded_by=self.worker, declined=True)

    def screening(self) -> None:
        family = self.family()
        ScreeningFactory(
            young_person=self.child(family),
            recorded_by=self.worker,
            screened_on=_days(-self.rng.randint(0, 100)),
            review_on=_days(self.rng.randint(-10, 50)),
        )

    def referral(self) -> None:
        family = self.family()
        plan_services.record_referral(
            actor=self.worker,
            family=family,
            young_person=self.child(family),
            kind=self.rng.choice([Referral.Kind.NRM, Referral.Kind.MASH, Referral.Kind.MACE]),
            values={"submitted_on": _days(-self.rng.randint(0, 20))},
        )

    def referral_decided(self) -> None:
        referral = Referral.objects.filter(
            kind=Referral.Kind.NRM, reasonable_grounds_on__isnull=True
        ).first()
        if referral is not None:
            plan_services.update_referral(
                actor=self.worker,
                referral=referral,
                expected_version=referral.version,
                values={
                    "submitted_on": referral.submitted_on,
                    "reasonable_grounds_on": timezone.localdate(),
                    "reasonable_grounds_outcome": Referral.Decision.POSITIVE,
                },
            )

    def court_support(self) -> None:
        family = self.family()
        case = justice_services.open_case(
            actor=self.worker,
            family=family,
            title="Exploitation",
            offences=["cce"],
            reported_on=_days(-30),
        )
        CriminalJusticeCase.objects.filter(pk=case.pk).update(support_review_on=None)
        case.refresh_from_db()
        update_if_unchanged(case, case.version, support_review_on=_days(self.rng.randint(-3, 20)))

    def delete_family(self) -> None:
        if len(self.families) > 1:
            family = self.families.pop()
            family.delete()


STEPS = [
    name for name in vars(World) if not name.startswith("_") and name not in ("family", "child")
]


@pytest.mark.parametrize("seed", range(6))
def test_stored_next_due_follows_every_kind_of_write(seed: int) -> None:
    rng = random.Random(seed)  # test data
    world = World(rng)
    _assert_stored_equals_computed("after opening the families")
    for _ in range(14):
        step = rng.choice(STEPS)
        getattr(world, step)()
        _assert_stored_equals_computed(step)


def test_every_step_kind_is_exercised() -> None:
    assert set(STEPS) >= {
        "plan_review",
        "add_action",
        "finish_action",
        "delete_action",
        "missing_and_return",
        "interview",
        "screening",
        "referral",
        "referral_decided",
        "court_support",
    }


def test_a_workers_caseload_reads_the_stored_value_and_shows_the_same() -> None:
    worker = UserFactory(organisation=OrganisationFactory())
    assert worker.role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER)
    assert selectors.uses_stored_next_due(worker)
    late = allocated_family(worker, name="Late", review_due=_days(20))
    PlanActionFactory(plan=factories.PlanFactory(family=late, created_by=worker), due_on=_days(-2))
    allocated_family(worker, name="Soon", review_due=_days(1))
    rows = list(selectors.caseload_for(user=worker, filters=selectors.CaseloadFilters()).families)
    assert [f.name for f in rows] == ["Late", "Soon"]
    due = selectors.next_due_for(rows[0])
    assert due is not None
    assert (due.label, due.on, due.overdue) == ("Plan action due", _days(-2), True)


def test_a_passed_not_before_date_moves_on_when_the_caseload_is_read() -> None:
    worker = UserFactory(organisation=OrganisationFactory())
    family = allocated_family(worker, review_due=_days(60))
    referral = plan_services.record_referral(
        actor=worker,
        family=family,
        young_person=family.young_people.get(),
        kind=Referral.Kind.NRM,
        values={"submitted_on": _days(-3)},
    )
    plan_services.update_referral(
        actor=worker,
        referral=referral,
        expected_version=referral.version,
        values={
            "submitted_on": _days(-3),
            "reasonable_grounds_on": _days(0),
            "reasonable_grounds_outcome": Referral.Decision.POSITIVE,
        },
    )
    family.refresh_from_db()
    assert (family.next_due_key, family.next_due_on, family.next_due_lapses) == (
        "referral_nrm_conclusive_grounds",
        _days(30),
        True,
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=32), tick=False):
        overdue = selectors.caseload_for(
            user=worker, filters=selectors.CaseloadFilters(overdue_only=True)
        )
        assert list(overdue.families) == []
        family.refresh_from_db()
        assert (family.next_due_key, family.next_due_lapses) == ("family_review", False)
        _assert_stored_equals_computed("after the not-before date passed")


def test_recompute_next_due_repairs_drift() -> None:
    worker = UserFactory(organisation=OrganisationFactory())
    family = allocated_family(worker, review_due=_days(5))
    Family.objects.filter(pk=family.pk).update(next_due_on=None, next_due_key="")
    out = StringIO()
    call_command("recompute_next_due", stdout=out)
    assert out.getvalue().strip() == "1 family changed"
    _assert_stored_equals_computed("after repair")
    out = StringIO()
    call_command("recompute_next_due", stdout=out)
    assert out.getvalue().strip() == "0 families changed"
