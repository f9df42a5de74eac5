"""Court support changes: the rules a worker would notice, and nothing half-saved on bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from relsafe.justice import selectors, services
from relsafe.justice.models import (
    CalendarFeed,
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    MeasureApplication,
    RightCheck,
    Stage,
    StageChange,
    SupportStep,
)
from tests.factories import CarerFactory, CaseScene, FamilyFactory, case_scene
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


@pytest.fixture
def case(scene: CaseScene) -> CriminalJusticeCase:
    return new_case(family=scene.family, recorded_by=scene.worker)


def test_opening_a_case_starts_at_the_report_with_its_history(scene: CaseScene) -> None:
    case = services.open_case(
        actor=scene.worker,
        family=scene.family,
        title="Exploitation of Jayden",
        offences=["cce", "trafficking"],
        reported_on=days_ago(30),
        police_reference="NB/1/26",
    )
    assert case.stage == Stage.REPORT
    assert case.days_in_stage == 30
    assert list(case.stage_changes.values_list("stage", flat=True)) == [Stage.REPORT]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="justice.criminaljusticecase",
        family_id=scene.family.pk,
    ).exists()


def test_a_case_needs_an_offence(scene: CaseScene) -> None:
    with pytest.raises(ValidationError) as error:
        services.open_case(
            actor=scene.worker, family=scene.family, title="x", offences=[], reported_on=days_ago(1)
        )
    assert "offences" in error.value.error_dict
    assert not CriminalJusticeCase.objects.exists()


def test_stages_move_forward_and_never_back(scene: CaseScene, case: Any) -> None:
    case = charge(case, scene.worker)
    assert case.stage == Stage.CHARGE
    before = StageChange.objects.count()
    with pytest.raises(ValidationError, match="cannot go backwards"):
        services.move_stage(
            actor=scene.worker, case=case, stage=Stage.INVESTIGATION, entered_on=days_ago(1)
        )
    with pytest.raises(ValidationError, match="cannot go backwards"):
        services.move_stage(
            actor=scene.worker, case=case, stage=Stage.CHARGE, entered_on=days_ago(1)
        )
    case.refresh_from_db()
    assert case.stage == Stage.CHARGE
    assert StageChange.objects.count() == before


def test_a_new_stage_cannot_be_dated_before_the_last(scene: CaseScene, case: Any) -> None:
    case = charge(case, scene.worker, days_ago_=10)
    with pytest.raises(ValidationError) as error:
        services.move_stage(
            actor=scene.worker, case=case, stage=Stage.FIRST_HEARING, entered_on=days_ago(20)
        )
    assert "entered_on" in error.value.error_dict
    with pytest.raises(ValidationError, match="today or in the past"):
        services.move_stage(
            actor=scene.worker,
            case=case,
            stage=Stage.FIRST_HEARING,
            entered_on=timezone.localdate() + dt.timedelta(days=1),
        )
    case.refresh_from_db()
    assert case.stage == Stage.CHARGE


def test_no_further_action_ends_the_case(scene: CaseScene, case: Any) -> None:
    services.move_stage(
        actor=scene.worker, case=case, stage=Stage.NO_FURTHER_ACTION, entered_on=days_ago(5)
    )
    case.refresh_from_db()
    assert services.next_stages(case) == []
    with pytest.raises(ValidationError, match="no further action"):
        services.move_stage(
            actor=scene.worker, case=case, stage=Stage.CHARGE, entered_on=days_ago(1)
        )


def test_a_hearing_needs_a_charge_and_cannot_be_before_it(scene: CaseScene, case: Any) -> None:
    when = timezone.now() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="Record the charge"):
        services.schedule_hearing(
            actor=scene.worker,
            case=case,
            kind=Hearing.Kind.FIRST,
            court="Magistrates",
            starts_at=when,
        )
    case = charge(case, scene.worker, days_ago_=10)
    with pytest.raises(ValidationError, match="before the charge date"):
        services.schedule_hearing(
            actor=scene.worker,
            case=case,
            kind=Hearing.Kind.FIRST,
            court="Magistrates",
            starts_at=timezone.now() - dt.timedelta(days=20),
        )
    assert not Hearing.objects.exists()
    hearing = services.schedule_hearing(
        actor=scene.worker, case=case, kind=Hearing.Kind.FIRST, court="Magistrates", starts_at=when
    )
    assert hearing.shared_with_family


def test_moving_a_hearing_before_the_charge_is_refused(scene: CaseScene, case: Any) -> None:
    case = charge(case, scene.worker, days_ago_=10)
    hearing = new_hearing(case=case)
    with pytest.raises(ValidationError, match="before the charge date"):
        services.update_hearing(
            actor=scene.worker,
            hearing=hearing,
            expected_version=hearing.version,
            changes={"starts_at": timezone.now() - dt.timedelta(days=30)},
        )
    hearing.refresh_from_db()
    assert hearing.starts_at > timezone.now()


def test_changing_a_case_someone_else_saved_is_a_conflict(scene: CaseScene, case: Any) -> None:
    services.update_case(
        actor=scene.worker, case=case, expected_version=1, changes={"police_reference": "A"}
    )
    with pytest.raises(EditConflict):
        services.update_case(
            actor=scene.worker, case=case, expected_version=1, changes={"police_reference": "B"}
        )
    case.refresh_from_db()
    assert case.police_reference == "A"


def test_a_witness_gets_support_and_a_victim_does_not(scene: CaseScene, case: Any) -> None:
    witness = services.add_child(
        actor=scene.worker, case=case, young_person=scene.young_person, part=CaseChild.Part.WITNESS
    )
    assert witness.witness.pk
    with pytest.raises(ValidationError, match="already in the case"):
        services.add_child(
            actor=scene.worker,
            case=case,
            young_person=scene.young_person,
            part=CaseChild.Part.VICTIM,
        )
    other = FamilyFactory()
    from tests.factories import YoungPersonFactory

    with pytest.raises(ValidationError, match="from this family"):
        services.add_child(
            actor=scene.worker,
            case=case,
            young_person=cast(Any, YoungPersonFactory(family=other)),
            part=CaseChild.Part.VICTIM,
        )


def test_special_measures_applied_then_granted_with_dates(scene: CaseScene, case: Any) -> None:
    witness = new_witness(child__case=case)
    services.record_measure(
        actor=scene.worker,
        witness=witness,
        measure="s28",
        status="applied",
        applied_on=days_ago(30),
    )
    with pytest.raises(ValidationError, match="date the court decided"):
        services.record_measure(
            actor=scene.worker,
            witness=witness,
            measure="s28",
            status="granted",
            applied_on=days_ago(30),
        )
    with pytest.raises(ValidationError, match="before the application"):
        services.record_measure(
            actor=scene.worker,
            witness=witness,
            measure="s28",
            status="granted",
            applied_on=days_ago(30),
            decided_on=days_ago(40),
        )
    with pytest.raises(ValidationError, match="Only pre-recorded"):
        services.record_measure(
            actor=scene.worker,
            witness=witness,
            measure="s24",
            status="applied",
            applied_on=days_ago(30),
            recording_on=days_ago(1),
        )
    granted = services.record_measure(
        actor=scene.worker,
        witness=witness,
        measure="s28",
        status="granted",
        applied_on=days_ago(30),
        decided_on=days_ago(10),
        recording_on=days_ago(2),
    )
    assert MeasureApplication.objects.get().status == "granted"
    assert granted.recording_on == days_ago(2)


def test_absence_needs_a_reason_and_the_hearing_must_be_the_cases(
    scene: CaseScene, case: Any
) -> None:
    witness = new_witness(child__case=case)
    hearing = new_hearing(case=case)
    with pytest.raises(ValidationError, match="why they did not attend"):
        services.record_attendance(
            actor=scene.worker, witness=witness, hearing=hearing, attended=False
        )
    with pytest.raises(ValidationError, match="hearing of this case"):
        services.record_attendance(
            actor=scene.worker, witness=witness, hearing=new_hearing(), attended=True
        )
    attendance = services.record_attendance(
        actor=scene.worker,
        witness=witness,
        hearing=hearing,
        attended=True,
        gave_evidence="live_link",
    )
    assert attendance.attended


def test_the_phone_is_not_returned_before_it_was_asked_for(scene: CaseScene, case: Any) -> None:
    witness = new_witness(child__case=case)
    with pytest.raises(ValidationError):
        services.update_witness(
            actor=scene.worker,
            witness=witness,
            expected_version=1,
            changes={"phone_requested_on": days_ago(5), "phone_returned_on": days_ago(9)},
        )
    witness.refresh_from_db()
    assert witness.phone_requested_on is None


def test_an_unmet_right_needs_a_complaint_route_and_nothing_is_half_saved(
    scene: CaseScene, case: Any
) -> None:
    carer = scene.family.carers.get()
    entries = {1: {"status": "met"}, 2: {"status": "not_met", "complaint_route": ""}}
    with pytest.raises(ValidationError) as error:
        services.set_rights(actor=scene.worker, case=case, person=carer, entries=entries)
    assert "right_2_complaint_route" in error.value.error_dict
    assert not RightCheck.objects.exists()
    entries[2]["complaint_route"] = "Police force complaints, then the Victims' Commissioner"
    services.set_rights(actor=scene.worker, case=case, person=carer, entries=entries)
    assert RightCheck.objects.filter(carer=carer).count() == 2


def test_the_checklist_is_for_this_familys_people(scene: CaseScene, case: Any) -> None:
    with pytest.raises(ValidationError):
        services.set_rights(
            actor=scene.worker,
            case=case,
            person=cast(Any, CarerFactory()),
            entries={1: {"status": "met"}},
        )
    with pytest.raises(ValidationError, match="for a victim"):
        services.set_rights(
            actor=scene.worker, case=case, person=scene.young_person, entries={1: {"status": "met"}}
        )


def test_support_contacts_are_placed_in_the_stage_of_their_day(scene: CaseScene, case: Any) -> None:
    case = charge(case, scene.worker, days_ago_=10)
    before = services.record_support_contact(
        actor=scene.worker,
        case=case,
        occurred_on=days_ago(40),
        summary="Explained the investigation",
    )
    after = services.record_support_contact(
        actor=scene.worker, case=case, occurred_on=days_ago(2), summary="Talked about court"
    )
    assert before.stage == Stage.INVESTIGATION
    assert after.stage == Stage.CHARGE


def test_support_steps_down_and_re_engages_with_a_review_date(scene: CaseScene, case: Any) -> None:
    services.record_support_step(
        actor=scene.worker,
        case=case,
        kind=SupportStep.Kind.STEP_DOWN,
        on=days_ago(5),
        reason="Settled",
    )
    case.refresh_from_db()
    assert case.support == CriminalJusticeCase.Support.STEPPED_DOWN
    with pytest.raises(ValidationError, match="does not follow"):
        services.record_support_step(
            actor=scene.worker,
            case=case,
            kind=SupportStep.Kind.STEP_DOWN,
            on=days_ago(1),
            reason="x",
        )
    with pytest.raises(ValidationError, match="next reviewed"):
        services.record_support_step(
            actor=scene.worker,
            case=case,
            kind=SupportStep.Kind.RE_ENGAGE,
            on=days_ago(1),
            reason="x",
        )
    services.record_support_step(
        actor=scene.worker,
        case=case,
        kind=SupportStep.Kind.RE_ENGAGE,
        on=days_ago(1),
        reason="Appeal lodged",
        next_review_on=days_ago(-60),
    )
    case.refresh_from_db()
    assert case.support == CriminalJusticeCase.Support.OPEN
    assert case.support_review_on == days_ago(-60)


def test_a_rotated_calendar_address_stops_working(scene: CaseScene) -> None:
    first = services.issue_calendar_feed(actor=scene.worker)
    assert selectors.feed_for_token(first) is not None
    second = services.issue_calendar_feed(actor=scene.worker)
    assert selectors.feed_for_token(first) is None
    assert selectors.feed_for_token(second) is not None
    assert CalendarFeed.objects.filter(owner=scene.worker, revoked_at__isnull=True).count() == 1
    # Only the hash is kept.
    assert not CalendarFeed.objects.filter(token_hash=second).exists()
