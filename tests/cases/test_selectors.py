"""Reads are scoped to what the person may see, audited, and tolerant of how names are typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import selectors
from relsafe.cases.models import FamilyView
from tests import factories
from tests.factories import allocated_family

# factory_boy factories are typed as returning themselves; treat them as the model.
AllocationFactory: Any = factories.AllocationFactory
TeamFactory: Any = factories.TeamFactory
UserFactory: Any = factories.UserFactory
YoungPersonFactory: Any = factories.YoungPersonFactory

pytestmark = pytest.mark.django_db


def _names(results: list[selectors.FoundFamily]) -> list[str]:
    return [r.family.reference for r in results]


def test_find_tolerates_misspelt_names_and_says_why(demo_world: Any) -> None:
    sam = demo_world.people["sam"]
    results = selectors.find_families(user=sam, query="Jaden Mensa")
    assert _names(results)[0] == "RS-0001"
    assert results[0].reasons == [
        "Name is close: 'jaden' is like 'jayden', 'mensa' is like 'mensah'"
    ]


def test_find_by_alias_date_of_birth_reference_and_family_name(demo_world: Any) -> None:
    sam = demo_world.people["sam"]
    jayden = demo_world.young_people["jayden"]
    by_alias = selectors.find_families(user=sam, query="JJ")
    assert _names(by_alias) == ["RS-0001"]
    assert by_alias[0].reasons == ["Also known as JJ"]
    dob = jayden.date_of_birth
    by_dob = selectors.find_families(user=sam, query=f"{dob.day}/{dob.month}/{dob.year}")
    assert _names(by_dob) == ["RS-0001"]
    assert by_dob[0].reasons[0].startswith("Date of birth")
    assert _names(selectors.find_families(user=sam, query="rs1")) == ["RS-0001"]
    assert "RS-0003" in _names(selectors.find_families(user=sam, query="thompson"))
    preferred = selectors.find_families(user=sam, query="Leo Rodrigues")
    assert _names(preferred) == ["RS-0007"]


def test_find_only_searches_what_the_person_may_see(demo_world: Any) -> None:
    alex = demo_world.people["alex"]
    assert selectors.find_families(user=alex, query="Jayden Mensah") == []
    assert _names(selectors.find_families(user=alex, query="Ruby")) == ["RS-0002"]


def test_searches_are_audited_with_a_count_not_the_words(demo_world: Any) -> None:
    selectors.find_families(user=demo_world.people["sam"], query="Jayden")
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert event.detail == {"results": 1}
    assert "Jayden" not in f"{event.reason}{event.detail}{event.object_id}"


def test_duplicate_check_searches_everyone_but_reveals_only_what_you_may_see(
    demo_world: Any,
) -> None:
    dob = demo_world.young_people["jayden"].date_of_birth
    sam_check = selectors.possible_duplicates(
        user=demo_world.people["sam"], first_name="Jaden", last_name="Mensah", date_of_birth=dob
    )
    assert _names(sam_check.visible) == ["RS-0001"]
    assert not sam_check.hidden_exists
    alex_check = selectors.possible_duplicates(
        user=demo_world.people["alex"], first_name="Jaden", last_name="Mensah", date_of_birth=dob
    )
    assert alex_check.visible == []
    assert alex_check.hidden_exists
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert event.detail == {"results": 0, "hidden_matches": 1}


def test_duplicate_check_catches_day_and_month_swapped(demo_world: Any) -> None:
    dob = demo_world.young_people["jayden"].date_of_birth  # 2 May
    swapped = dob.replace(day=dob.month, month=dob.day)
    check = selectors.possible_duplicates(
        user=demo_world.people["sam"],
        first_name="Jayden",
        last_name="Mensah",
        date_of_birth=swapped,
    )
    assert _names(check.visible) == ["RS-0001"]


def test_a_different_child_is_not_a_duplicate(demo_world: Any) -> None:
    check = selectors.possible_duplicates(
        user=demo_world.people["sam"],
        first_name="Bartholomew",
        last_name="Zielinski",
        date_of_birth=dt.date(2013, 6, 6),
    )
    assert not check.any


def test_caseload_knows_next_due_overdue_and_what_changed_since_last_look() -> None:
    worker = UserFactory()
    today = timezone.localdate()
    overdue = allocated_family(worker, name="A", review_due=today - dt.timedelta(days=2))
    allocated_family(worker, name="B", review_due=today + dt.timedelta(days=9))
    allocated_family(worker, name="C", review_due=None)
    FamilyView.objects.create(user=worker, family=overdue, viewed_at=timezone.now())
    result = selectors.caseload_for(user=worker, filters=selectors.CaseloadFilters())
    rows: list[Any] = list(result.families)
    assert [f.name for f in rows] == ["A", "B", "C"]  # soonest due first, nothing due last
    assert rows[0].next_due == overdue.review_due
    assert rows[0].last_viewed is not None
    assert rows[1].last_viewed is None
    only_overdue = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(overdue_only=True)
    )
    assert [f.name for f in only_overdue.families] == ["A"]


def test_caseload_filters_by_status_and_sorts() -> None:
    worker = UserFactory()
    allocated_family(worker, name="Zed", status="active")
    allocated_family(worker, name="Amy", status="referral")
    by_status = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(statuses=("referral",))
    )
    assert [f.name for f in by_status.families] == ["Amy"]
    by_name_desc = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(sort="name", descending=True)
    )
    assert [f.name for f in by_name_desc.families] == ["Zed", "Amy"]


def test_managers_see_team_workload_and_filter_by_worker() -> None:
    team = TeamFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    ana, ben = UserFactory(team=team), UserFactory(team=team)
    allocated_family(ana, name="Ana's 1", review_due=timezone.localdate() - dt.timedelta(days=1))
    allocated_family(ana, name="Ana's 2")
    shared = allocated_family(ben, name="Ben's")
    AllocationFactory(family=shared, worker=ana)
    result = selectors.caseload_for(user=manager, filters=selectors.CaseloadFilters())
    assert result.is_manager
    assert result.families.count() == 3
    counts = {row["worker"]: row for row in result.workload}
    assert (counts[ana]["open_cases"], counts[ana]["lead_cases"], counts[ana]["overdue_cases"]) == (
        3,
        2,
        1,
    )
    assert counts[ben]["open_cases"] == 1
    only_ben = selectors.caseload_for(
        user=manager, filters=selectors.CaseloadFilters(worker_id=ben.pk)
    )
    assert [f.name for f in only_ben.families] == ["Ben's"]


def test_worker_filter_is_ignored_for_non_managers() -> None:
    worker = UserFactory()
    allocated_family(worker)
    result = selectors.caseload_for(
        user=worker, filters=selectors.CaseloadFilters(worker_id=UserFactory().pk)
    )
    assert result.families.count() == 1


def test_next_due_takes_the_earliest_of_every_registered_source() -> None:
    from django.db.models import Value
    from django.db.models.fields import DateField

    worker = UserFactory()
    today = timezone.localdate()
    allocated_family(worker, review_due=today + dt.timedelta(days=30))
    allocated_family(worker, name="none due", review_due=None)
    earlier = today + dt.timedelta(days=2)

    def home_visit(ctx: Any) -> Any:
        return Value(earlier, output_field=DateField())

    original = dict(selectors.NEXT_DUE_SOURCES)
    try:
        selectors.register_next_due(key="home_visit", label="Home visit due", due_on=home_visit)
        selectors.register_next_due(key="home_visit", label="Home visit due", due_on=home_visit)
        assert len(selectors.NEXT_DUE_SOURCES) == len(original) + 1
        families: list[Any] = list(selectors.caseload(user=worker))
        assert sorted(f.next_due for f in families) == [earlier, earlier]
        due = selectors.next_due_for(families[0])
        assert due is not None
        assert (due.label, due.on, due.overdue) == (
            "Home visit due",
            earlier,
            False,
        )
    finally:
        selectors.NEXT_DUE_SOURCES.clear()
        selectors.NEXT_DUE_SOURCES.update(original)
    assert "home_visit" not in selectors.NEXT_DUE_SOURCES


def test_opening_a_family_or_profile_is_audited_and_remembered() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    selectors.get_family(user=worker, pk=family.pk)
    assert FamilyView.objects.filter(user=worker, family=family).exists()
    child = family.young_people.get()
    selectors.get_young_person(user=worker, pk=child.pk)
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert event.object_type == "cases.youngperson"
    assert event.family_id == family.pk
    assert event.reason == "allocated to the case"


def test_a_child_in_another_teams_family_is_not_found() -> None:
    child = YoungPersonFactory(family=allocated_family(UserFactory()))
    with pytest.raises(Http404):
        selectors.get_young_person(user=UserFactory(), pk=child.pk)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


# --- The duplicate check's hourly limit and what managers see ------------------------------------


def _jayden_check(demo_world: Any, who: str) -> selectors.DuplicateCheck:
    dob = demo_world.young_people["jayden"].date_of_birth
    return selectors.possible_duplicates(
        user=demo_world.people[who], first_name="Jaden", last_name="Mensah", date_of_birth=dob
    )


def test_duplicate_checks_across_all_records_are_limited_per_person_per_hour(
    demo_world: Any, settings: Any
) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 3
    for _ in range(3):
        check = _jayden_check(demo_world, "alex")
        assert check.hidden_exists
        assert not check.limited
    over = _jayden_check(demo_world, "alex")
    # Past the limit, Alex is no longer told that a child she cannot see is known elsewhere.
    assert over.limited
    assert not over.hidden_exists
    assert over.visible == []
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert event.actor_id == demo_world.people["alex"].pk
    assert event.reason == selectors.DUPLICATE_CHECK_LIMITED_REASON
    assert event.detail == {"results": 0, "limit_reached": True}
    # The limit is Alex's alone: Leah, in another organisation, still checks every record.
    leah_check = _jayden_check(demo_world, "leah")
    assert not leah_check.limited
    assert leah_check.any


def test_past_the_limit_the_families_you_work_with_are_still_checked(
    demo_world: Any, settings: Any
) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 1
    _jayden_check(demo_world, "sam")
    over = _jayden_check(demo_world, "sam")
    assert over.limited
    assert _names(over.visible) == ["RS-0001"]


def test_the_limit_lifts_an_hour_after_the_checks(demo_world: Any, settings: Any) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _jayden_check(demo_world, "alex")
        _jayden_check(demo_world, "alex")
        assert _jayden_check(demo_world, "alex").limited
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        again = _jayden_check(demo_world, "alex")
        assert not again.limited
        assert again.hidden_exists


def test_managers_see_who_reached_the_limit_or_ran_many_checks(
    demo_world: Any, settings: Any
) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 2
    settings.DUPLICATE_CHECKS_UNUSUAL_PER_WEEK = 4
    for _ in range(3):  # the third reaches the limit
        _jayden_check(demo_world, "alex")
    now = timezone.now()
    for hours in (8, 6, 4, 2):  # many, but never two in an hour (oldest first)
        with time_machine.travel(now - dt.timedelta(hours=hours), tick=False):
            _jayden_check(demo_world, "sam")
    _jayden_check(demo_world, "leah")  # one ordinary check: nothing to look at

    morgan = selectors.duplicate_check_use(user=demo_world.people["morgan"])  # Alex's manager
    assert [(r.person.full_name, r.checks, r.limit_reached) for r in morgan] == [
        ("Alex Morgan", 3, 1)
    ]
    dana = selectors.duplicate_check_use(user=demo_world.people["dana"])  # Sam's manager
    assert [(r.person.full_name, r.checks, r.limit_reached) for r in dana] == [("Sam Okoro", 4, 0)]
    shown = AuditEvent.objects.filter(object_type="cases.duplicate_check_use")
    assert shown.count() == 2
    # Not for caseworkers, nor for a manager whose team did nothing unusual.
    assert selectors.duplicate_check_use(user=demo_world.people["alex"]) == []
    settings.DUPLICATE_CHECKS_UNUSUAL_PER_WEEK = 100
    assert selectors.duplicate_check_use(user=demo_world.people["dana"]) == []
