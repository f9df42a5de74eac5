"""The caseload's "next due": every deadline a worker owes for a family, the earliest one named,
overdue ones flagged and filterable, and only for families (and records) the person may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.cases import selectors
from relsafe.cases.models import Family
from relsafe.cases.next_due import NextDue
from relsafe.plans.models import PlanAction, Referral
from relsafe.plans.services import record_referral, update_referral
from tests import factories
from tests.factories import allocated_family

AllocationFactory: Any = factories.AllocationFactory
MissingEpisodeFactory: Any = factories.MissingEpisodeFactory
OrganisationFactory: Any = factories.OrganisationFactory
PlanActionFactory: Any = factories.PlanActionFactory
PlanFactory: Any = factories.PlanFactory
ReturnHomeInterviewFactory: Any = factories.ReturnHomeInterviewFactory
ScreeningFactory: Any = factories.ScreeningFactory
TeamFactory: Any = factories.TeamFactory
UserFactory: Any = factories.UserFactory

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _days(n: int) -> dt.date:
    return _today() + dt.timedelta(days=n)


def _row(user: Any, family: Family, **filters: Any) -> Any:
    result = selectors.caseload_for(user=user, filters=selectors.CaseloadFilters(**filters))
    return next(f for f in result.families if f.pk == family.pk)


def _due(user: Any, family: Family) -> NextDue | None:
    return selectors.next_due_for(_row(user, family))


def _worker() -> Any:
    return UserFactory(organisation=OrganisationFactory())


def test_family_review_alone_is_named_as_such() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(9))
    due = _due(worker, family)
    assert due is not None
    assert (due.label, due.on, due.overdue) == (
        "Family review due",
        _days(9),
        False,
    )


def test_return_home_interview_is_due_72_hours_after_return_with_the_time() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(30))
    returned = timezone.now() - dt.timedelta(hours=5)
    MissingEpisodeFactory(
        family=family,
        young_person=family.young_people.get(),
        recorded_by=worker,
        reported_missing_at=returned - dt.timedelta(hours=3),
        returned_at=returned,
    )
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Return home interview due"
    assert due.at == returned + dt.timedelta(hours=72)
    assert due.on == timezone.localtime(due.at).date()
    assert not due.overdue
    local = timezone.localtime(due.at)
    assert due.when(_today()).endswith(f", {local:%H:%M}")


def test_an_interview_done_or_declined_stops_the_clock() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(30))
    episode = MissingEpisodeFactory(
        family=family, young_person=family.young_people.get(), recorded_by=worker
    )
    ReturnHomeInterviewFactory(episode=episode, recorded_by=worker, declined=True)
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Family review due"


def test_an_interview_overdue_by_the_hour_is_overdue_on_the_day_it_was_due() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(30))
    # Due an hour ago: today (or, just after midnight, yesterday), but past either way.
    returned = timezone.now() - dt.timedelta(hours=73)
    MissingEpisodeFactory(
        family=family,
        young_person=family.young_people.get(),
        recorded_by=worker,
        reported_missing_at=returned - dt.timedelta(hours=2),
        returned_at=returned,
    )
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Return home interview due"
    assert due.overdue
    assert _row(worker, family, overdue_only=True).pk == family.pk


def test_plan_review_and_earliest_open_action() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(30))
    plan = PlanFactory(family=family, created_by=worker, review_on=_days(20))
    due = _due(worker, family)
    assert due is not None
    assert (due.label, due.on) == ("Plan review due", _days(20))
    PlanActionFactory(plan=plan, due_on=_days(-10), status=PlanAction.Status.DONE)
    PlanActionFactory(plan=plan, due_on=_days(4))
    PlanActionFactory(plan=plan, due_on=_days(6))
    due = _due(worker, family)
    assert due is not None
    assert (due.label, due.on, due.overdue) == (
        "Plan action due",
        _days(4),
        False,
    )


def test_latest_screening_review_counts_not_an_older_one() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(30))
    child = family.young_people.get()
    ScreeningFactory(
        young_person=child, recorded_by=worker, screened_on=_days(-100), review_on=_days(-10)
    )
    ScreeningFactory(
        young_person=child, recorded_by=worker, screened_on=_days(-5), review_on=_days(12)
    )
    due = _due(worker, family)
    assert due is not None
    assert (due.label, due.on, due.overdue) == (
        "Screening review due",
        _days(12),
        False,
    )
    ScreeningFactory(
        young_person=child, recorded_by=worker, screened_on=_days(-60), review_on=_days(-1)
    )  # recorded later, but an older screening: still not the latest
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Screening review due"
    assert not due.overdue


def _monday_a_week_ago() -> dt.date:
    today = _today()
    return today - dt.timedelta(days=today.weekday() + 7)


def test_nrm_reasonable_grounds_in_working_days_then_conclusive_grounds_not_before() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(90))
    child = family.young_people.get()
    submitted = _monday_a_week_ago()
    referral = record_referral(
        actor=worker,
        family=family,
        young_person=child,
        kind=Referral.Kind.NRM,
        values={"submitted_on": submitted},
    )
    due = _due(worker, family)
    assert due is not None
    assert due.label == "NRM reasonable grounds decision expected"
    assert due.on == submitted + dt.timedelta(days=7)  # five working days: the next Monday
    assert due.overdue  # a week ago plus five working days is before today
    referral = update_referral(
        actor=worker,
        referral=referral,
        expected_version=referral.version,
        values={
            "submitted_on": submitted,
            "reasonable_grounds_on": _today(),
            "reasonable_grounds_outcome": Referral.Decision.POSITIVE,
        },
    )
    due = _due(worker, family)
    assert due is not None
    assert (due.label, due.on, due.overdue) == (
        "NRM conclusive grounds decision possible from",
        _days(30),
        False,
    )


def test_a_passed_not_before_date_is_never_overdue() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(90))
    factories.ReferralFactory(
        young_person=family.young_people.get(),
        recorded_by=worker,
        submitted_on=_days(-60),
        reasonable_grounds_on=_days(-50),
        reasonable_grounds_outcome=Referral.Decision.POSITIVE,
    )
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Family review due"
    assert not due.overdue


@pytest.mark.parametrize(
    ("kind", "values", "label"),
    [
        (Referral.Kind.MASH, {}, "MASH decision expected"),
        (Referral.Kind.MACE, {}, "MACE meeting expected by"),
        (Referral.Kind.MACE, {"meeting_on": "today"}, "MACE outcome to be recorded by"),
    ],
)
def test_mash_and_mace_deadlines(kind: str, values: dict[str, Any], label: str) -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=_days(90))
    record_referral(
        actor=worker,
        family=family,
        young_person=family.young_people.get(),
        kind=kind,
        values={"submitted_on": _today(), **{k: _today() for k in values}},
    )
    due = _due(worker, family)
    assert due is not None
    assert due.label == label
    assert due.on > _today()


def test_decided_referrals_drop_off() -> None:
    worker = _worker()
    family = allocated_family(worker, review_due=None)
    record_referral(
        actor=worker,
        family=family,
        young_person=family.young_people.get(),
        kind=Referral.Kind.MASH,
        values={"submitted_on": _days(-3), "outcome_on": _days(-2), "outcome": "Accepted"},
    )
    assert _due(worker, family) is None


def test_only_overdue_covers_every_kind_and_sorting_puts_soonest_first() -> None:
    worker = _worker()
    allocated_family(worker, name="Review", review_due=_days(-1))
    action = allocated_family(worker, name="Action", review_due=_days(40))
    PlanActionFactory(plan=PlanFactory(family=action, created_by=worker), due_on=_days(-3))
    screening = allocated_family(worker, name="Screening", review_due=None)
    ScreeningFactory(
        young_person=screening.young_people.get(),
        recorded_by=worker,
        screened_on=_days(-100),
        review_on=_days(-2),
    )
    interview = allocated_family(worker, name="Interview", review_due=None)
    returned = timezone.now() - dt.timedelta(days=7)  # due four days ago
    MissingEpisodeFactory(
        family=interview,
        young_person=interview.young_people.get(),
        recorded_by=worker,
        reported_missing_at=returned - dt.timedelta(hours=1),
        returned_at=returned,
    )
    allocated_family(worker, name="Later", review_due=_days(3))
    allocated_family(worker, name="Nothing", review_due=None)
    result = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(overdue_only=True)
    )
    assert {f.name for f in result.families} == {"Review", "Action", "Screening", "Interview"}
    everyone = selectors.caseload_for(user=worker, filters=selectors.CaseloadFilters())
    names = [f.name for f in everyone.families]
    assert names == ["Interview", "Action", "Screening", "Review", "Later", "Nothing"]
    latest_first = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(descending=True)
    )
    assert [f.name for f in latest_first.families][:2] == ["Nothing", "Later"]


def test_never_shows_deadlines_of_families_the_person_may_not_see() -> None:
    worker, stranger = _worker(), _worker()
    theirs = allocated_family(stranger, review_due=_days(-5))
    PlanActionFactory(plan=PlanFactory(family=theirs, created_by=stranger), due_on=_days(-1))
    result = selectors.caseload_for(user=worker, filters=selectors.CaseloadFilters())
    assert list(result.families) == []
    overdue = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(overdue_only=True)
    )
    assert list(overdue.families) == []


def test_interview_clock_counts_only_records_the_person_may_see() -> None:
    """A manager who sees a family through break-glass (their organisation does not work on it)
    sees their own organisation's records only, so not another agency's missing episode."""
    worker = UserFactory(role=Role.TEAM_MANAGER, organisation=OrganisationFactory())
    family = allocated_family(_worker(), review_due=_days(30))
    other_agency = family.allocations.get().worker
    MissingEpisodeFactory(
        family=family, young_person=family.young_people.get(), recorded_by=other_agency
    )
    factories.BreakGlassGrantFactory(user=worker, family=family)
    due = _due(worker, family)
    assert due is not None
    assert due.label == "Family review due"
    assert selectors.next_due_for(_row(other_agency, family)).label == (  # type: ignore[union-attr]
        "Return home interview due"
    )


def test_managers_workload_counts_families_with_anything_overdue() -> None:
    team = TeamFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    ana = UserFactory(team=team)
    allocated_family(ana, review_due=_days(-1))
    late_action = allocated_family(ana, review_due=_days(30))
    PlanActionFactory(plan=PlanFactory(family=late_action, created_by=ana), due_on=_days(-2))
    allocated_family(ana, review_due=_days(30))
    counts = {row["worker"]: row for row in selectors.team_workload(user=manager)}
    assert (counts[ana]["open_cases"], counts[ana]["overdue_cases"]) == (3, 2)
