"""Reads: who sees which case, long waits, time in stage, figures and attendance events."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.justice import selectors, services
from relsafe.justice.models import Stage
from tests.factories import CaseScene, UserFactory, case_scene
from tests.justice.factories import (
    charge,
    days_ago,
    new_case,
    new_hearing,
    new_witness,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def test_police_see_a_case_only_where_the_family_is_shared_with_their_force(
    scene: CaseScene,
) -> None:
    case = new_case(family=scene.family, recorded_by=scene.worker)
    assert list(selectors.visible_cases(scene.police)) == [case]
    other_force = UserFactory(role=Role.POLICE_ANALYST)
    assert not selectors.visible_cases(other_force).exists()
    assert not selectors.visible_cases(scene.parent).exists()
    assert not selectors.visible_cases(scene.commissioner).exists()


def test_opening_a_case_is_audited_with_the_reason(scene: CaseScene) -> None:
    case = new_case(family=scene.family, recorded_by=scene.worker)
    selectors.get_case(user=scene.police, pk=case.pk)
    event = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="justice.criminaljusticecase", actor_id=scene.police.pk
    ).get()
    assert event.reason == "shared with their organisation"


def test_time_in_stage_and_long_waits_use_the_thresholds_in_settings(
    scene: CaseScene, settings: Any
) -> None:
    case = new_case(family=scene.family, recorded_by=scene.worker, reported_days_ago=300)
    case = services.move_stage(
        actor=scene.worker, case=case, stage=Stage.INVESTIGATION, entered_on=days_ago(250)
    )
    spans = selectors.stage_spans(case)
    assert [(s.stage, s.days) for s in spans] == [("report", 50), ("investigation", 250)]
    assert [s.long_wait for s in spans] == [True, True]
    waits = selectors.long_waits(user=scene.worker)
    assert [(w.case, w.days, w.limit) for w in waits] == [(case, 250, 180)]
    assert waits[0].source == settings.JUSTICE_LONG_WAITS["investigation"][1]
    settings.JUSTICE_LONG_WAITS = {**settings.JUSTICE_LONG_WAITS, "investigation": (400, "test")}
    assert selectors.long_waits(user=scene.worker) == []
    assert selectors.long_waits(user=scene.police) == []


def test_attendance_events_for_the_outcomes_app_carry_no_names(scene: CaseScene) -> None:
    case = charge(new_case(family=scene.family, recorded_by=scene.worker), scene.worker)
    witness = new_witness(child__case=case)
    hearing = new_hearing(case=case)
    services.record_attendance(
        actor=scene.worker,
        witness=witness,
        hearing=hearing,
        attended=True,
        gave_evidence="live_link",
    )
    events = selectors.court_attendance_events(user=scene.worker)
    assert len(events) == 1
    event = events[0]
    assert (event.family_id, event.attended, event.gave_evidence) == (
        scene.family.pk,
        True,
        "live_link",
    )
    assert selectors.court_attendance_events(user=scene.commissioner) == events
    assert selectors.court_attendance_events(user=scene.parent) == []
    assert selectors.court_attendance_events(user=scene.worker, family_ids=[0]) == []


def test_figures_show_once_there_are_five(scene: CaseScene) -> None:
    for _ in range(5):
        case = charge(new_case(family=scene.family, recorded_by=scene.worker), scene.worker)
        witness = new_witness(child__case=case)
        services.record_attendance(
            actor=scene.worker, witness=witness, hearing=new_hearing(case=case), attended=True
        )
    report = selectors.report(user=scene.manager)
    team = report.teams[0]
    assert team.cases == 5
    assert team.attendance_rate == "100%"
    charged = next(s for s in team.stage_days if s["label"] == "Charged")
    assert charged["count"] == 5
    assert charged["median"] == 100
    assert report.overall is None
    figures = selectors.report(user=scene.commissioner)
    assert figures.overall is not None
    assert figures.overall.cases == 5
    worker = scene.worker
    assert [t.label for t in figures.teams] == [f"{worker.team.name} ({worker.organisation.name})"]
    assert selectors.report(user=scene.worker).teams == []


def test_the_support_review_is_due_on_the_caseload(scene: CaseScene) -> None:
    from relsafe.cases import selectors as case_selectors

    case = new_case(family=scene.family, recorded_by=scene.worker)
    services.record_support_step(
        actor=scene.worker,
        case=case,
        kind="review",
        on=days_ago(1),
        reason="Carry on after the verdict",
        next_review_on=days_ago(-3),
    )
    result = case_selectors.caseload_for(
        user=scene.worker, filters=case_selectors.CaseloadFilters()
    )
    due = case_selectors.next_due_for(next(f for f in result.families if f.pk == scene.family.pk))
    assert due is not None
    assert (due.label, due.on) == ("Court support review due", days_ago(-3))


def test_outcomes_count_each_child_attending_court_once_a_day(scene: CaseScene) -> None:
    from relsafe.cases.models import Family
    from relsafe.outcomes.sources import child_attended_court

    case = charge(new_case(family=scene.family, recorded_by=scene.worker), scene.worker)
    witness = new_witness(child__case=case)
    for _ in range(2):
        services.record_attendance(
            actor=scene.worker, witness=witness, hearing=new_hearing(case=case), attended=True
        )
    day = selectors.court_attendance_events(user=scene.worker)[0].on
    found = child_attended_court(Family.objects.all(), day, day)
    assert [(o.kind, o.family_id, o.occurred_on) for o in found] == [
        ("child_attended_court", scene.family.pk, day)
    ]
