"""Every change to a family's criminal justice case and the court support around it.

Each function asks the policy itself (``require``), runs in one transaction with its audit entry
(``atomic_action``), and refuses bad input with a ``ValidationError`` naming the field before
anything is saved: a stage never goes backwards, a hearing is never before the charge, an unmet
Victims' Code right always has a complaint route.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Carer, Family, YoungPerson
from relsafe.core.concurrency import update_if_unchanged
from relsafe.intelligence import services as intelligence_services
from relsafe.intelligence.models import Mention, Submission
from relsafe.intelligence.services import SubmissionDetails
from relsafe.justice.models import (
    STAGE_RANK,
    Attendance,
    CalendarFeed,
    CalendarPreference,
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    IntimidationConcern,
    Measure,
    MeasureApplication,
    Offence,
    RightCheck,
    Stage,
    StageChange,
    SupportContact,
    SupportStep,
    Suspect,
    VictimsCodeRight,
    WitnessSupport,
)

# Stages a case may be in when a hearing is listed: after the charge, before it was dropped.
_HEARING_STAGES = {s for s, rank in STAGE_RANK.items() if rank >= STAGE_RANK[Stage.CHARGE]} - {
    Stage.NO_FURTHER_ACTION
}


def _audit(
    actor: Any,
    request: HttpRequest | None,
    obj: Any,
    family_id: int,
    action: AuditAction = AuditAction.CREATE,
    **detail: Any,
) -> None:
    record(action=action, actor=actor, request=request, obj=obj, family_id=family_id, detail=detail)


def _touch(case: CriminalJusticeCase) -> None:
    CriminalJusticeCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def _check_offences(offences: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(offences))
    if not chosen:
        raise ValidationError({"offences": "Choose at least one kind of offence."})
    unknown = set(chosen) - set(Offence.values)
    if unknown:
        raise ValidationError({"offences": "Choose offences from the list."})
    return chosen


def _not_in_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past."})


# --- The case and its stages -------------------------------------------------------------------


@atomic_action
def open_case(
    *,
    actor: Any,
    family: Family,
    title: str,
    offences: Iterable[str],
    reported_on: dt.date,
    police_reference: str = "",
    officer_in_charge: str = "",
    officer_contact: str = "",
    shared_with_family: bool = False,
    request: HttpRequest | None = None,
) -> CriminalJusticeCase:
    """Open a criminal justice case for the family at its first stage, the report to police."""
    require(actor, Action.MANAGE_JUSTICE, family=family, request=request)
    if not title.strip():
        raise ValidationError({"title": "Enter a name for the case."})
    _not_in_future(reported_on, "reported_on", "The date it was reported")
    case = CriminalJusticeCase.objects.create(
        family=family,
        title=title.strip(),
        offences=_check_offences(offences),
        police_reference=police_reference.strip(),
        officer_in_charge=officer_in_charge.strip(),
        officer_contact=officer_contact.strip(),
        stage=Stage.REPORT,
        stage_since=reported_on,
        shared_with_family=shared_with_family,
        recorded_by=actor,
        recorded_by_organisation_id=actor.organisation_id,
    )
    StageChange.objects.create(
        case=case, stage=Stage.REPORT, entered_on=reported_on, recorded_by=actor
    )
    _audit(actor, request, case, family.pk, offences=case.offences)
    return case


CASE_FIELDS = {
    "title",
    "offences",
    "police_reference",
    "officer_in_charge",
    "officer_contact",
    "shared_with_family",
}


@atomic_action
def update_case(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    expected_version: int,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> CriminalJusticeCase:
    """Change the case's details, unless someone else saved since the person opened the form."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    unknown = set(changes) - CASE_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    values = dict(changes)
    if "offences" in values:
        values["offences"] = _check_offences(values["offences"])
    if "title" in values:
        values["title"] = values["title"].strip()
        if not values["title"]:
            raise ValidationError({"title": "Enter a name for the case."})
    fresh = update_if_unchanged(
        CriminalJusticeCase.objects.select_related("family").filter(pk=case.pk),
        expected_version,
        **values,
        updated_at=timezone.now(),
    )
    _audit(actor, request, fresh, fresh.family_id, AuditAction.UPDATE, fields=sorted(values))
    return fresh


def next_stages(case: CriminalJusticeCase) -> list[str]:
    """The stages the case may move to from where it is: always forward, and after no further
    action, nowhere (a review that leads to a charge is recorded as a new case)."""
    if case.stage == Stage.NO_FURTHER_ACTION:
        return []
    rank = STAGE_RANK[case.stage]
    return [s for s in Stage.values if STAGE_RANK[s] > rank]


@atomic_action
def move_stage(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    stage: str,
    entered_on: dt.date,
    note: str = "",
    request: HttpRequest | None = None,
) -> CriminalJusticeCase:
    """Move the case on to a later stage, on a date no earlier than the stage it leaves."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    locked = CriminalJusticeCase.objects.select_for_update().get(pk=case.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Choose a stage from the list."})
    if locked.stage == Stage.NO_FURTHER_ACTION:
        raise ValidationError(
            {"stage": "This case ended with no further action; open a new case if it is reopened."}
        )
    if stage not in next_stages(locked):
        raise ValidationError(
            {
                "stage": f"The case is already at '{locked.get_stage_display()}': "
                "a stage cannot go backwards or be repeated."
            }
        )
    if entered_on < locked.stage_since:
        raise ValidationError(
            {
                "entered_on": "The date must be on or after "
                f"{locked.stage_since:%-d %B %Y}, when the case reached "
                f"'{locked.get_stage_display()}'."
            }
        )
    _not_in_future(entered_on, "entered_on", "The date of the new stage")
    StageChange.objects.create(
        case=locked, stage=stage, entered_on=entered_on, note=note.strip(), recorded_by=actor
    )
    locked.stage = stage
    locked.stage_since = entered_on
    locked.updated_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["stage", "stage_since", "updated_at", "version"])
    if stage == Stage.CHARGE:
        locked.suspects.update(charged=True)
    _audit(actor, request, locked, locked.family_id, AuditAction.UPDATE, stage=stage)
    return locked


def charge_date(case: CriminalJusticeCase) -> dt.date | None:
    return (
        StageChange.objects.filter(case=case, stage=Stage.CHARGE)
        .values_list("entered_on", flat=True)
        .first()
    )


# --- Children and suspects ---------------------------------------------------------------------


@atomic_action
def add_child(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    young_person: YoungPerson,
    part: str,
    request: HttpRequest | None = None,
) -> CaseChild:
    """Name a child of the family in the case; a witness gets a support record at once."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if young_person.family_id != case.family_id:
        raise ValidationError({"young_person": "Choose a child from this family."})
    if part not in CaseChild.Part.values:
        raise ValidationError({"part": "Choose the child's part in the case."})
    if CaseChild.objects.filter(case=case, young_person=young_person).exists():
        raise ValidationError({"young_person": "This child is already in the case."})
    child = CaseChild.objects.create(case=case, young_person=young_person, part=part)
    if child.is_witness:
        WitnessSupport.objects.create(child=child)
    _touch(case)
    _audit(actor, request, child, case.family_id, part=part)
    return child


def _check_person(
    actor: Any, case: CriminalJusticeCase, person: Mention | None, request: HttpRequest | None
) -> None:
    """A suspect may be linked only to a person named in a report this family's workers sent to
    the police, by someone who may see those reports (never another family's)."""
    if person is None:
        return
    require(actor, Action.VIEW_SENT_INTELLIGENCE, family=case.family, request=request)
    submission = person.submission
    if submission.family_id != case.family_id or submission.sent_at is None:
        raise ValidationError(
            {"intelligence_person": "Choose a person from this family's reports to the police."}
        )


@atomic_action
def add_suspect(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    known_as: str,
    intelligence_person: Mention | None = None,
    request: HttpRequest | None = None,
) -> Suspect:
    """A suspect by the name the team uses and, where this family's workers named them in
    partnership intelligence, the person in that report: no police detail is copied onto the
    family's case."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if not known_as.strip():
        raise ValidationError({"known_as": "Enter how the suspect is known."})
    _check_person(actor, case, intelligence_person, request)
    charged = STAGE_RANK[case.stage] >= STAGE_RANK[Stage.CHARGE] and (
        case.stage != Stage.NO_FURTHER_ACTION
    )
    suspect = Suspect.objects.create(
        case=case,
        known_as=known_as.strip(),
        intelligence_person=intelligence_person,
        charged=charged,
    )
    _touch(case)
    _audit(actor, request, suspect, case.family_id, linked=intelligence_person is not None)
    return suspect


@atomic_action
def update_suspect(
    *,
    actor: Any,
    suspect: Suspect,
    known_as: str,
    intelligence_person: Mention | None = None,
    request: HttpRequest | None = None,
) -> Suspect:
    """Rename a suspect or link them to (or unlink them from) a person in the family's reports
    to the police, e.g. once the report naming them has been sent."""
    case = suspect.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if not known_as.strip():
        raise ValidationError({"known_as": "Enter how the suspect is known."})
    _check_person(actor, case, intelligence_person, request)
    suspect.known_as = known_as.strip()
    suspect.intelligence_person = intelligence_person
    suspect.save(update_fields=["known_as", "intelligence_person"])
    _touch(case)
    _audit(
        actor,
        request,
        suspect,
        case.family_id,
        AuditAction.UPDATE,
        linked=intelligence_person is not None,
    )
    return suspect


# --- Hearings ----------------------------------------------------------------------------------


def _check_hearing(case: CriminalJusticeCase, starts_at: dt.datetime, ends_at: Any) -> None:
    charged_on = charge_date(case)
    if case.stage not in _HEARING_STAGES or charged_on is None:
        raise ValidationError(
            {"starts_on": "Record the charge before listing a hearing: hearings follow a charge."}
        )
    if timezone.localtime(starts_at).date() < charged_on:
        raise ValidationError(
            {"starts_on": f"A hearing cannot be before the charge date ({charged_on:%-d %B %Y})."}
        )
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_time": "The end time must be after the start time."})


@atomic_action
def schedule_hearing(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    kind: str,
    court: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    courtroom: str = "",
    who_attends: str = "",
    shared_with_family: bool = True,
    request: HttpRequest | None = None,
) -> Hearing:
    """List a hearing of a charged case (never before the charge date)."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    _check_hearing(case, starts_at, ends_at)
    if not court.strip():
        raise ValidationError({"court": "Enter the court."})
    hearing = Hearing.objects.create(
        case=case,
        kind=kind,
        court=court.strip(),
        courtroom=courtroom.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        who_attends=who_attends.strip(),
        shared_with_family=shared_with_family,
    )
    _touch(case)
    _audit(actor, request, hearing, case.family_id, kind=kind)
    return hearing


HEARING_FIELDS = {
    "kind",
    "court",
    "courtroom",
    "starts_at",
    "ends_at",
    "who_attends",
    "outcome",
    "shared_with_family",
}


@atomic_action
def update_hearing(
    *,
    actor: Any,
    hearing: Hearing,
    expected_version: int,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Hearing:
    """Change a hearing (a new date, its outcome), with the same rules as listing it."""
    case = hearing.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    unknown = set(changes) - HEARING_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    starts_at = changes.get("starts_at", hearing.starts_at)
    _check_hearing(case, starts_at, changes.get("ends_at", hearing.ends_at))
    fresh = update_if_unchanged(
        Hearing.objects.select_related("case", "case__family").filter(pk=hearing.pk),
        expected_version,
        **changes,
        updated_at=timezone.now(),
    )
    _touch(case)
    _audit(actor, request, fresh, case.family_id, AuditAction.UPDATE, fields=sorted(changes))
    return fresh


# --- Support for each witness ------------------------------------------------------------------

WITNESS_FIELDS = {
    "abe_interview_on",
    "pre_trial_visit_on",
    "travel",
    "childcare",
    "attendance_plan",
    "with_them",
    "what_to_bring",
    "phone_requested_on",
    "phone_returned_on",
}


@atomic_action
def update_witness(
    *,
    actor: Any,
    witness: WitnessSupport,
    expected_version: int,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> WitnessSupport:
    """The practical support around one witness: interview, visit, travel, childcare, phone."""
    case = witness.child.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    unknown = set(changes) - WITNESS_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    requested = changes.get("phone_requested_on", witness.phone_requested_on)
    returned = changes.get("phone_returned_on", witness.phone_returned_on)
    if returned is not None and requested is None:
        raise ValidationError(
            {"phone_requested_on": "Enter when police asked for the phone before it was returned."}
        )
    if returned is not None and requested is not None and returned < requested:
        raise ValidationError(
            {"phone_returned_on": "The phone cannot be returned before it was asked for."}
        )
    fresh = update_if_unchanged(
        WitnessSupport.objects.select_related("child", "child__case", "child__young_person").filter(
            pk=witness.pk
        ),
        expected_version,
        **changes,
        updated_at=timezone.now(),
    )
    _touch(case)
    _audit(actor, request, fresh, case.family_id, AuditAction.UPDATE, fields=sorted(changes))
    return fresh


@atomic_action
def record_measure(
    *,
    actor: Any,
    witness: WitnessSupport,
    measure: str,
    status: str,
    applied_on: dt.date,
    decided_on: dt.date | None = None,
    recording_on: dt.date | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> MeasureApplication:
    """Record an application for a special measure (YJCEA 1999 ss. 23 to 30), or its decision.
    One row per measure and witness: a later decision updates the application."""
    case = witness.child.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if measure not in Measure.values:
        raise ValidationError({"measure": "Choose a special measure from the list."})
    if status not in MeasureApplication.Status.values:
        raise ValidationError({"status": "Choose applied for, granted or refused."})
    if status == MeasureApplication.Status.APPLIED:
        decided_on = None
    elif decided_on is None:
        raise ValidationError({"decided_on": "Enter the date the court decided."})
    elif decided_on < applied_on:
        raise ValidationError({"decided_on": "The decision cannot be before the application date."})
    if recording_on is not None and measure != Measure.PRE_RECORDED_CROSS:
        raise ValidationError(
            {"recording_on": "Only pre-recorded cross-examination (s28) has a recording date."}
        )
    application, created = MeasureApplication.objects.update_or_create(
        witness=witness,
        measure=measure,
        defaults={
            "status": status,
            "applied_on": applied_on,
            "decided_on": decided_on,
            "recording_on": recording_on,
            "note": note.strip(),
        },
    )
    _touch(case)
    _audit(
        actor,
        request,
        application,
        case.family_id,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        measure=measure,
        status=status,
    )
    return application


@atomic_action
def record_attendance(
    *,
    actor: Any,
    witness: WitnessSupport,
    hearing: Hearing,
    attended: bool,
    gave_evidence: str = "",
    why_not: str = "",
    request: HttpRequest | None = None,
) -> Attendance:
    """Whether the witness came to a hearing of their own case, and how they gave evidence."""
    case = witness.child.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if hearing.case_id != case.pk:
        raise ValidationError({"hearing": "Choose a hearing of this case."})
    if not attended and not why_not.strip():
        raise ValidationError({"why_not": "Say why they did not attend."})
    if not attended:
        gave_evidence = ""
    attendance, _ = Attendance.objects.update_or_create(
        witness=witness,
        hearing=hearing,
        defaults={
            "attended": attended,
            "gave_evidence": gave_evidence,
            "why_not": "" if attended else why_not.strip(),
            "recorded_by": actor,
        },
    )
    _touch(case)
    _audit(actor, request, attendance, case.family_id, attended=attended)
    return attendance


@atomic_action
def record_intimidation(
    *,
    actor: Any,
    witness: WitnessSupport,
    noticed_on: dt.date,
    what_happened: str,
    told_police_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> IntimidationConcern:
    """A worry that the witness or their family is being intimidated."""
    case = witness.child.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if not what_happened.strip():
        raise ValidationError({"what_happened": "Say what happened."})
    _not_in_future(noticed_on, "noticed_on", "The date it was noticed")
    if told_police_on is not None and told_police_on < noticed_on:
        raise ValidationError({"told_police_on": "Police cannot be told before it was noticed."})
    concern = IntimidationConcern.objects.create(
        witness=witness,
        noticed_on=noticed_on,
        what_happened=what_happened.strip(),
        told_police_on=told_police_on,
        recorded_by=actor,
    )
    _touch(case)
    _audit(actor, request, concern, case.family_id)
    return concern


@atomic_action
def pass_concern_to_police(
    *,
    actor: Any,
    concern: IntimidationConcern,
    details: SubmissionDetails,
    request: HttpRequest | None = None,
) -> Submission:
    """Start partnership intelligence from an intimidation concern: a draft submission (checked
    and saved by ``intelligence.services.create_submission``, which asks whether this person may
    send intelligence for the family), linked to the concern. Nothing reaches the police here:
    the worker still sees the police copy and confirms who they are before it is sent, and only
    then does the concern record the reference (``concern_sent_as_intelligence``)."""
    case = concern.witness.child.case
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    locked = (
        IntimidationConcern.objects.select_for_update(of=("self",))
        .select_related("intelligence_submission")
        .get(pk=concern.pk)
    )
    if locked.intelligence_reference:
        raise ValidationError(
            f"This concern was already passed on as intelligence ({locked.intelligence_reference})."
        )
    if locked.intelligence_submission is not None:
        raise ValidationError(
            "This concern is already being written up for the police as "
            f"{locked.intelligence_submission.reference}: carry on with that."
        )
    submission = intelligence_services.create_submission(
        actor=actor, family=case.family, details=details, request=request
    )
    locked.intelligence_submission = submission
    locked.save(update_fields=["intelligence_submission"])
    _touch(case)
    _audit(
        actor,
        request,
        locked,
        case.family_id,
        AuditAction.UPDATE,
        intelligence_draft=submission.reference,
    )
    return submission


def concern_sent_as_intelligence(
    *, actor: Any, submission: Submission, request: HttpRequest | None = None
) -> None:
    """Registered with ``intelligence.hooks``: runs inside ``send_submission``'s transaction,
    after its access check (sending intelligence and managing court support are the same
    caseworkers on the same families). The concern it was started from records the reference
    and the day the police were told (an earlier day the worker recorded is kept)."""
    if submission.sent_at is None:
        return
    day = timezone.localdate(submission.sent_at)
    concerns = (
        IntimidationConcern.objects.select_for_update(of=("self",))
        .filter(intelligence_submission=submission)
        .select_related("witness__child__case")
    )
    for concern in concerns:
        concern.intelligence_reference = submission.reference
        if concern.told_police_on is None or concern.told_police_on > day:
            concern.told_police_on = day
        concern.save(update_fields=["intelligence_reference", "told_police_on"])
        case = concern.witness.child.case
        _touch(case)
        _audit(
            actor,
            request,
            concern,
            case.family_id,
            AuditAction.UPDATE,
            intelligence_reference=submission.reference,
        )


# --- Victims' Code -----------------------------------------------------------------------------


@atomic_action
def set_rights(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    person: YoungPerson | Carer,
    entries: Mapping[int, Mapping[str, str]],
    request: HttpRequest | None = None,
) -> list[RightCheck]:
    """Save the Victims' Code checklist for one victim or parent: each right's status, note and,
    where it was not met, the complaint route. All or nothing."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if person.family_id != case.family_id:
        raise ValidationError("Choose a person from this family.")
    if isinstance(person, YoungPerson):
        in_case = case.children.filter(young_person=person).first()
        if in_case is None or not in_case.is_victim:
            raise ValidationError("The Victims' Code checklist is for a victim in this case.")
        who: dict[str, Any] = {"young_person": person}
    else:
        who = {"carer": person}
    errors: dict[str, str] = {}
    for right, entry in entries.items():
        if right not in VictimsCodeRight.values:
            raise ValueError(f"Unknown right {right}")
        if (
            entry.get("status") == RightCheck.Status.NOT_MET
            and not entry.get("complaint_route", "").strip()
        ):
            errors[f"right_{right}_complaint_route"] = (
                f"Right {right} was not met: record how to complain and to whom."
            )
    if errors:
        raise ValidationError(errors)
    saved = []
    for right, entry in sorted(entries.items()):
        check, _ = RightCheck.objects.update_or_create(
            case=case,
            right=right,
            **who,
            defaults={
                "status": entry.get("status", ""),
                "note": entry.get("note", "").strip(),
                "complaint_route": entry.get("complaint_route", "").strip(),
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        saved.append(check)
    _touch(case)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=case,
        family_id=case.family_id,
        detail={"victims_code_for": f"{type(person).__name__.lower()}:{person.pk}"},
    )
    return saved


# --- Before, during and after --------------------------------------------------------------------


def stage_on(case: CriminalJusticeCase, day: dt.date) -> str:
    """The stage the case was in on a day (the report stage for anything before it)."""
    stage = (
        StageChange.objects.filter(case=case, entered_on__lte=day)
        .order_by("-entered_on", "-pk")
        .values_list("stage", flat=True)
        .first()
    )
    return stage or Stage.REPORT


@atomic_action
def record_support_contact(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    occurred_on: dt.date,
    summary: str,
    request: HttpRequest | None = None,
) -> SupportContact:
    """Support given around the case, placed in the stage the case was in that day."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    if not summary.strip():
        raise ValidationError({"summary": "Say what support was given."})
    _not_in_future(occurred_on, "occurred_on", "The date of the support")
    contact = SupportContact.objects.create(
        case=case,
        occurred_on=occurred_on,
        stage=stage_on(case, occurred_on),
        summary=summary.strip(),
        recorded_by=actor,
    )
    _touch(case)
    _audit(actor, request, contact, case.family_id, stage=contact.stage)
    return contact


_NEXT_SUPPORT = {
    SupportStep.Kind.REVIEW: CriminalJusticeCase.Support.OPEN,
    SupportStep.Kind.STEP_DOWN: CriminalJusticeCase.Support.STEPPED_DOWN,
    SupportStep.Kind.RE_ENGAGE: CriminalJusticeCase.Support.OPEN,
    SupportStep.Kind.END: CriminalJusticeCase.Support.ENDED,
}
_ALLOWED_FROM = {
    SupportStep.Kind.REVIEW: {CriminalJusticeCase.Support.OPEN},
    SupportStep.Kind.STEP_DOWN: {CriminalJusticeCase.Support.OPEN},
    SupportStep.Kind.RE_ENGAGE: {
        CriminalJusticeCase.Support.STEPPED_DOWN,
        CriminalJusticeCase.Support.ENDED,
    },
    SupportStep.Kind.END: {
        CriminalJusticeCase.Support.OPEN,
        CriminalJusticeCase.Support.STEPPED_DOWN,
    },
}


@atomic_action
def record_support_step(
    *,
    actor: Any,
    case: CriminalJusticeCase,
    kind: str,
    on: dt.date,
    reason: str,
    next_review_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> SupportStep:
    """Support goes on after the verdict for as long as the worker decides: reviewed (with the
    next review date), stepped down, re-engaged, or ended."""
    require(actor, Action.MANAGE_JUSTICE, family=case.family, request=request)
    locked = CriminalJusticeCase.objects.select_for_update().get(pk=case.pk)
    if kind not in SupportStep.Kind.values:
        raise ValidationError({"kind": "Choose what happened to the support."})
    if locked.support not in _ALLOWED_FROM[SupportStep.Kind(kind)]:
        raise ValidationError(
            {"kind": f"The support is '{locked.get_support_display()}': that step does not follow."}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why."})
    if kind in (SupportStep.Kind.REVIEW, SupportStep.Kind.RE_ENGAGE) and next_review_on is None:
        raise ValidationError({"next_review_on": "Enter when the support is next reviewed."})
    if next_review_on is not None and next_review_on < on:
        raise ValidationError({"next_review_on": "The next review must be after this date."})
    step = SupportStep.objects.create(
        case=locked,
        kind=kind,
        on=on,
        reason=reason.strip(),
        next_review_on=next_review_on,
        recorded_by=actor,
    )
    locked.support = _NEXT_SUPPORT[SupportStep.Kind(kind)]
    locked.support_review_on = next_review_on if kind != SupportStep.Kind.END else None
    locked.updated_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["support", "support_review_on", "updated_at", "version"])
    _audit(actor, request, step, locked.family_id, kind=kind)
    return step


# --- Calendar feeds ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """Only this is stored: a leaked database does not give anyone's calendar address."""
    return hashlib.sha256(token.encode()).hexdigest()


@atomic_action
def issue_calendar_feed(*, actor: Any, request: HttpRequest | None = None) -> str:
    """A new secret calendar address for this person; any earlier one stops working now.
    Returns the token, which is shown once and never stored."""
    require(actor, Action.USE_CALENDAR_FEED, request=request)
    now = timezone.now()
    rotated = CalendarFeed.objects.filter(owner=actor, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(owner=actor, token_hash=token_hash(token), created_at=now)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=feed,
        detail={"rotated": bool(rotated)},
    )
    return token


@atomic_action
def choose_calendar_detail(
    *, actor: Any, shows_detail: bool, request: HttpRequest | None = None
) -> CalendarPreference:
    """A family member's own choice: "Appointment" only, or the court and the kind of hearing."""
    require(actor, Action.USE_CALENDAR_FEED, request=request)
    preference, _ = CalendarPreference.objects.update_or_create(
        person=actor, defaults={"shows_detail": shows_detail, "chosen_at": timezone.now()}
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=preference,
        detail={"shows_detail": shows_detail},
    )
    return preference
