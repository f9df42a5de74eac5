"""Reads of criminal justice cases, for staff, for the family, for calendars and for reports.

Staff reads start from ``access.policy.families_for(user, VIEW_JUSTICE)``: caseworkers with a route
to the family, and police whose force the family is shared with. Family members read only their
own family's cases marked as shared with the family, and a young person only the cases they are
in. Suspects are never part of anything a family member or a calendar is given. Every read of
case data is audited with the reason the person may see it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import Team
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Allocation, Carer, Family, SafeContactDecision, YoungPerson
from relsafe.cases.selectors import SMALL_NUMBER_THRESHOLD
from relsafe.intelligence import selectors as intelligence_selectors
from relsafe.intelligence.models import Entity, Mention, Submission
from relsafe.justice.models import (
    STAGE_RANK,
    Attendance,
    CalendarFeed,
    CalendarPreference,
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    IntimidationConcern,
    MeasureApplication,
    Offence,
    RightCheck,
    Stage,
    StageChange,
    SupportContact,
    Suspect,
    VictimsCodeRight,
    WitnessSupport,
    phase_of,
)
from relsafe.justice.services import next_stages, token_hash

# --- Scope ---------------------------------------------------------------------------------------


def visible_cases(user: Any) -> QuerySet[CriminalJusticeCase]:
    """Criminal justice cases of the families this member of staff may see them on."""
    families = policy.families_for(user, Action.VIEW_JUSTICE)
    return CriminalJusticeCase.objects.filter(family__in=families)


def _audit_read(
    user: Any, obj: Any, family: Family, request: HttpRequest | None, **detail: Any
) -> None:
    reason = policy.access_reason(user, family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=obj,
        family_id=family.pk,
        reason=reason.value if reason else "",
        detail=detail or None,
    )


def _not_found(user: Any, kind: str, pk: Any, request: HttpRequest | None) -> Exception:
    return policy.not_found(
        user, Action.VIEW_JUSTICE, object_type=f"justice.{kind}", object_id=pk, request=request
    )


def family_cases(
    *, user: Any, family_pk: int, request: HttpRequest | None = None
) -> tuple[Family, list[CriminalJusticeCase]]:
    """A family's criminal justice cases (404 for a family this person may not see them on)."""
    family = policy.families_for(user, Action.VIEW_JUSTICE).filter(pk=family_pk).first()
    if family is None:
        raise policy.not_found(
            user,
            Action.VIEW_JUSTICE,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )
    cases = list(CriminalJusticeCase.objects.filter(family=family).order_by("-created_at"))
    _audit_read(user, family, family, request, justice_cases=len(cases))
    return family, cases


def get_case(*, user: Any, pk: int, request: HttpRequest | None = None) -> CriminalJusticeCase:
    case = (
        visible_cases(user)
        .select_related("family", "recorded_by")
        .prefetch_related(
            Prefetch(
                "children",
                queryset=CaseChild.objects.select_related("young_person", "witness"),
            ),
            Prefetch(
                "suspects",
                queryset=Suspect.objects.select_related("intelligence_person__submission"),
            ),
            "hearings",
            "stage_changes",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise _not_found(user, "criminaljusticecase", pk, request)
    _audit_read(user, case, case.family, request)
    return case


def get_hearing(*, user: Any, pk: int, request: HttpRequest | None = None) -> Hearing:
    hearing = (
        Hearing.objects.filter(case__in=visible_cases(user))
        .select_related("case", "case__family")
        .filter(pk=pk)
        .first()
    )
    if hearing is None:
        raise _not_found(user, "hearing", pk, request)
    _audit_read(user, hearing, hearing.case.family, request)
    return hearing


def get_witness(*, user: Any, pk: int, request: HttpRequest | None = None) -> WitnessSupport:
    witness = (
        WitnessSupport.objects.filter(child__case__in=visible_cases(user))
        .select_related("child", "child__young_person", "child__case", "child__case__family")
        .prefetch_related(
            "measures",
            Prefetch(
                "intimidation_concerns",
                queryset=IntimidationConcern.objects.select_related("intelligence_submission"),
            ),
            "attendances__hearing",
        )
        .filter(pk=pk)
        .first()
    )
    if witness is None:
        raise _not_found(user, "witnesssupport", pk, request)
    _audit_read(user, witness, witness.child.case.family, request)
    return witness


def get_case_person(
    *, case: CriminalJusticeCase, kind: str, pk: int, user: Any, request: HttpRequest | None
) -> YoungPerson | Carer:
    """A victim in the case (``child``) or a parent of the family (``carer``), for the Victims'
    Code checklist; 404 for anyone else."""
    person: YoungPerson | Carer | None
    if kind == "child":
        person = YoungPerson.objects.filter(
            pk=pk,
            family=case.family,
            pk__in=case.children.filter(
                part__in=(CaseChild.Part.VICTIM, CaseChild.Part.VICTIM_AND_WITNESS)
            ).values("young_person"),
        ).first()
    else:
        person = Carer.objects.filter(pk=pk, family=case.family).first()
    if person is None:
        raise _not_found(user, f"victimscode.{kind}", pk, request)
    return person


# --- Time in stage and long waits ----------------------------------------------------------------


def long_wait_days(stage: str) -> int | None:
    limits: dict[str, tuple[int, str]] = getattr(settings, "JUSTICE_LONG_WAITS", {})
    entry = limits.get(stage)
    return entry[0] if entry else None


def long_wait_source(stage: str) -> str:
    limits: dict[str, tuple[int, str]] = getattr(settings, "JUSTICE_LONG_WAITS", {})
    entry = limits.get(stage)
    return entry[1] if entry else ""


@dataclass(frozen=True)
class StageSpan:
    stage: str
    label: str
    entered_on: dt.date
    left_on: dt.date | None  # None: the stage the case is in now
    days: int
    long_wait: bool
    limit: int | None
    note: str = ""


def stage_spans(case: CriminalJusticeCase, today: dt.date | None = None) -> list[StageSpan]:
    """Each stage the case passed through, how long it stayed, and whether that was a long wait
    (over the threshold in ``settings.JUSTICE_LONG_WAITS``). Terminal stages never wait."""
    today = today or timezone.localdate()
    changes = sorted(case.stage_changes.all(), key=lambda c: (c.entered_on, c.pk))
    spans = []
    labels = dict(Stage.choices)
    for index, change in enumerate(changes):
        left = changes[index + 1].entered_on if index + 1 < len(changes) else None
        days = ((left or today) - change.entered_on).days
        limit = long_wait_days(change.stage)
        current = left is None
        waits = current and change.stage != Stage.NO_FURTHER_ACTION
        spans.append(
            StageSpan(
                stage=change.stage,
                label=str(labels[change.stage]),
                entered_on=change.entered_on,
                left_on=left,
                days=days,
                long_wait=bool(limit is not None and days > limit and (waits or not current)),
                limit=limit,
                note=change.note,
            )
        )
    return spans


@dataclass(frozen=True)
class LongWait:
    case: CriminalJusticeCase
    days: int
    limit: int
    source: str


def long_waits(*, user: Any) -> list[LongWait]:
    """Cases waiting longer than the threshold in their current stage, on the families this person
    works with (for their start page)."""
    if not policy.can(user, Action.MANAGE_JUSTICE):
        return []
    today = timezone.localdate()
    found = []
    cases = (
        CriminalJusticeCase.objects.filter(
            family__in=policy.families_for(user, Action.MANAGE_JUSTICE)
        )
        .exclude(stage=Stage.NO_FURTHER_ACTION)
        .exclude(support=CriminalJusticeCase.Support.ENDED)
        .select_related("family")
    )
    for case in cases:
        limit = long_wait_days(case.stage)
        days = (today - case.stage_since).days
        if limit is not None and days > limit:
            found.append(LongWait(case, days, limit, long_wait_source(case.stage)))
    return sorted(found, key=lambda w: w.days - w.limit, reverse=True)


# --- The case page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    title: str
    detail: str = ""
    phase: str = ""


@dataclass
class WitnessView:
    witness: WitnessSupport
    child: CaseChild
    measures: list[MeasureApplication]
    attendances: list[Attendance]
    concerns: list[Any]


@dataclass(frozen=True)
class SuspectView:
    """A suspect as this person may see their link to partnership intelligence: a worker of the
    family sees the report of theirs that names them; police of the force that received it get
    a link to their person of concern (who joins every report the force has); anyone else only
    that there is a link."""

    suspect: Suspect
    report: Submission | None = None  # the worker's own report naming them
    police_person_id: int | None = None  # the force's person of concern page


def suspect_views(*, user: Any, case: CriminalJusticeCase) -> list[SuspectView]:
    views = []
    may_see_sent = policy.can(user, Action.VIEW_SENT_INTELLIGENCE, family=case.family)
    for suspect in case.suspects.all():
        mention = suspect.intelligence_person
        if mention is None:
            views.append(SuspectView(suspect))
        elif may_see_sent:
            views.append(SuspectView(suspect, report=mention.submission))
        elif mention.person_id and policy.can(user, Action.ANALYSE_INTELLIGENCE, record=mention):
            views.append(SuspectView(suspect, police_person_id=mention.person_id))
        else:
            views.append(SuspectView(suspect))
    return views


def get_suspect(*, user: Any, pk: int, request: HttpRequest | None = None) -> Suspect:
    suspect = (
        Suspect.objects.filter(case__in=visible_cases(user))
        .select_related("case", "case__family", "intelligence_person__submission")
        .filter(pk=pk)
        .first()
    )
    if suspect is None:
        raise _not_found(user, "suspect", pk, request)
    _audit_read(user, suspect, suspect.case.family, request)
    return suspect


def people_of_concern_choices(*, user: Any, family: Family) -> list[tuple[Mention, str]]:
    """The people a suspect may be linked to: those named in this family's reports to the
    police, as the worker wrote them (never the force's people of concern)."""
    return [
        (m, intelligence_selectors.mention_label(m))
        for m in intelligence_selectors.family_people_of_concern(user=user, family=family)
    ]


# --- An intimidation concern, passed on as intelligence ------------------------------------------


@dataclass(frozen=True)
class ConcernView:
    """One intimidation concern on the witness page, with what this person may see of the
    intelligence started from it (a worker of the family: the reference and the police status;
    the police: only the day they were told, never which of their reports it became)."""

    concern: IntimidationConcern
    submission: Submission | None = None  # shown only to those who may see what was sent
    can_pass: bool = False  # may press "Pass to police as intelligence"

    @property
    def sent(self) -> bool:
        return bool(self.concern.intelligence_reference and self.submission)

    @property
    def draft(self) -> bool:
        return bool(self.submission is not None and self.submission.is_draft)


def concern_views(*, user: Any, witness: WitnessSupport) -> list[ConcernView]:
    family = witness.child.case.family
    sees_sent = policy.can(user, Action.VIEW_SENT_INTELLIGENCE, family=family)
    may_pass = sees_sent and (
        policy.can(user, Action.MANAGE_JUSTICE, family=family)
        and policy.can(user, Action.SEND_INTELLIGENCE, family=family)
    )
    return [
        ConcernView(
            concern=c,
            submission=c.intelligence_submission if sees_sent else None,
            can_pass=may_pass and c.intelligence_submission is None,
        )
        for c in witness.intimidation_concerns.all()
    ]


def get_concern(*, user: Any, pk: int, request: HttpRequest | None = None) -> IntimidationConcern:
    concern = (
        IntimidationConcern.objects.filter(witness__child__case__in=visible_cases(user))
        .select_related(
            "witness__child__young_person",
            "witness__child__case__family",
            "intelligence_submission",
        )
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise _not_found(user, "intimidationconcern", pk, request)
    _audit_read(user, concern, concern.witness.child.case.family, request)
    return concern


# Justice's offences as intelligence's kinds of harm (trafficking has no kind of its own there).
_HARM = {Offence.CCE: "cce", Offence.CSE: "cse"}


def _person_from(mention: Mention) -> dict[str, str]:
    """The worker's own words for a person in one of the family's reports, without the
    description (what they did then, not now)."""
    entity = mention.entity
    person = {
        "name": entity.name,
        "nickname": entity.nickname,
        "age_estimate": entity.age_estimate,
        "gender": entity.gender,
    }
    for own in entity.identifiers.all():
        if own.kind == Entity.Kind.PHONE:
            person.setdefault("phone", own.value)
        elif own.kind == Entity.Kind.VEHICLE:
            person.setdefault("plate", own.value)
            person.setdefault("colour", own.colour)
            person.setdefault("make", own.make)
        elif own.kind == Entity.Kind.HANDLE:
            person.setdefault("handle", own.value)
    return {k: v for k, v in person.items() if v}


def intelligence_start(
    concern: IntimidationConcern, *, forces: list[Any], people: int = 3
) -> dict[str, Any]:
    """The intelligence form filled in from the concern: what happened, when it was noticed, a
    worker as the source, the witness as the child it is about, the case's kind of harm, and the
    case's suspects as people of concern (their details from the family's own report where the
    suspect is linked to one). The grading and the lawful basis are left for the worker."""
    case = concern.witness.child.case
    initial: dict[str, Any] = {
        "what_happened": concern.what_happened,
        "occurred_on": concern.noticed_on,
        "source_type": Submission.SourceType.WORKER,
        "young_people": [concern.witness.child.young_person_id],
        "offence": next((_HARM[o] for o in case.offences if o in _HARM), "other"),
    }
    if len(forces) == 1:
        initial["force"] = forces[0].pk
    suspects = case.suspects.select_related("intelligence_person__entity").prefetch_related(
        "intelligence_person__entity__identifiers"
    )
    for i, suspect in enumerate(list(suspects)[:people], start=1):
        mention = suspect.intelligence_person
        person = _person_from(mention) if mention is not None else {"nickname": suspect.known_as}
        if not person.get("nickname") and not person.get("name"):
            person["nickname"] = suspect.known_as
        initial |= {f"person_{i}_{key}": value for key, value in person.items()}
    return initial


@dataclass
class CasePage:
    case: CriminalJusticeCase
    spans: list[StageSpan]
    next_stages: list[tuple[str, str]]
    hearings: list[Hearing]
    witnesses: list[WitnessView]
    victims: list[CaseChild]
    carers: list[Carer]
    rights: dict[str, dict[str, int]]
    support_contacts: dict[str, list[SupportContact]]
    support_steps: list[Any]
    timeline: list[TimelineEntry]
    charged_on: dt.date | None
    can_manage: bool
    long_wait_source: str = ""
    suspects: list[SuspectView] = field(default_factory=list)


def _rights_summary(case: CriminalJusticeCase) -> dict[str, dict[str, int]]:
    """For each person (``child:<pk>`` / ``carer:<pk>``): how many rights are in each status."""
    summary: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for check in RightCheck.objects.filter(case=case):
        key = (
            f"child:{check.young_person_id}" if check.young_person_id else f"carer:{check.carer_id}"
        )
        summary[key][check.status or "not_yet"] += 1
    return {k: dict(v) for k, v in summary.items()}


def case_page(*, user: Any, case: CriminalJusticeCase) -> CasePage:
    """Everything the case page shows, for a case already opened through ``get_case``."""
    children = list(case.children.all())
    witnesses = list(
        WitnessSupport.objects.filter(child__case=case)
        .select_related("child", "child__young_person")
        .prefetch_related(
            "measures",
            "intimidation_concerns",
            Prefetch("attendances", queryset=Attendance.objects.select_related("hearing")),
        )
    )
    hearings = list(case.hearings.all())
    contacts = list(case.support_contacts.select_related("recorded_by"))
    steps = list(case.support_steps.select_related("recorded_by"))
    by_phase: dict[str, list[SupportContact]] = {"before": [], "during": [], "after": []}
    for contact in contacts:
        by_phase[contact.phase].append(contact)
    spans = stage_spans(case)
    labels = dict(Stage.choices)
    return CasePage(
        case=case,
        spans=spans,
        next_stages=[(s, str(labels[s])) for s in next_stages(case)],
        hearings=hearings,
        witnesses=[
            WitnessView(
                witness=w,
                child=w.child,
                measures=list(w.measures.all()),
                attendances=list(w.attendances.all()),
                concerns=list(w.intimidation_concerns.all()),
            )
            for w in witnesses
        ],
        victims=[c for c in children if c.is_victim],
        carers=list(case.family.carers.all()),
        rights=_rights_summary(case),
        support_contacts=by_phase,
        support_steps=steps,
        timeline=timeline(
            case, witnesses=witnesses, hearings=hearings, contacts=contacts, steps=steps
        ),
        charged_on=next((s.entered_on for s in spans if s.stage == Stage.CHARGE), None),
        can_manage=policy.can(user, Action.MANAGE_JUSTICE, family=case.family),
        long_wait_source=long_wait_source(case.stage),
        suspects=suspect_views(user=user, case=case),
    )


def _witness_entries(witness: WitnessSupport) -> list[TimelineEntry]:
    name = witness.child.young_person.short_name
    dated = [
        (witness.abe_interview_on, f"{name}'s video interview (ABE)"),
        (witness.pre_trial_visit_on, f"{name}'s pre-trial court visit"),
        (witness.phone_requested_on, f"Police asked for {name}'s phone"),
        (witness.phone_returned_on, f"{name}'s phone returned"),
    ]
    entries = [TimelineEntry(day, title) for day, title in dated if day]
    for measure in witness.measures.all():
        label = measure.get_measure_display()
        entries.append(TimelineEntry(measure.applied_on, f"Applied for {label} for {name}"))
        if measure.decided_on:
            status = measure.get_status_display().lower()
            entries.append(TimelineEntry(measure.decided_on, f"{label} {status} for {name}"))
    for attendance in witness.attendances.all():
        day = timezone.localtime(attendance.hearing.starts_at).date()
        if attendance.attended:
            how = attendance.get_gave_evidence_display() if attendance.gave_evidence else ""
            title = f"{name} attended" + (f"; gave evidence {how.lower()}" if how else "")
        else:
            title = f"{name} did not attend"
        entries.append(TimelineEntry(day, title, attendance.why_not))
    entries.extend(
        TimelineEntry(concern.noticed_on, f"Intimidation concern ({name})")
        for concern in witness.intimidation_concerns.all()
    )
    return entries


def timeline(
    case: CriminalJusticeCase,
    *,
    witnesses: Iterable[WitnessSupport],
    hearings: Iterable[Hearing],
    contacts: Iterable[SupportContact],
    steps: Iterable[Any],
) -> list[TimelineEntry]:
    """The whole journey on one list, newest first: stages, hearings, each witness's interview,
    visit, special measures and attendance, support given and the support's own course."""
    entries = [
        TimelineEntry(c.entered_on, c.get_stage_display(), c.note, phase_of(c.stage))
        for c in case.stage_changes.all()
    ]
    entries.extend(
        TimelineEntry(
            timezone.localtime(h.starts_at).date(),
            h.get_kind_display(),
            f"{h.court}. {h.outcome}".strip(),
        )
        for h in hearings
    )
    for witness in witnesses:
        entries.extend(_witness_entries(witness))
    entries.extend(
        TimelineEntry(c.occurred_on, "Support given", c.summary, c.phase) for c in contacts
    )
    entries.extend(TimelineEntry(s.on, s.get_kind_display(), s.reason) for s in steps)
    return sorted(entries, key=lambda e: e.on, reverse=True)


def rights_for(
    *, case: CriminalJusticeCase, person: YoungPerson | Carer
) -> list[tuple[int, str, RightCheck | None]]:
    """The twelve rights, each with what is recorded for this person (None: nothing yet)."""
    who: dict[str, Any] = (
        {"young_person": person} if isinstance(person, YoungPerson) else {"carer": person}
    )
    saved = {c.right: c for c in RightCheck.objects.filter(case=case, **who)}
    return [(value, str(label), saved.get(value)) for value, label in VictimsCodeRight.choices]


# --- The family's court journey ------------------------------------------------------------------

# What each stage means, for a parent and for a young person, in plain words.
STAGE_WORDS: dict[str, tuple[str, str]] = {
    Stage.REPORT: (
        "What happened has been reported to the police.",
        "The police know what happened.",
    ),
    Stage.INVESTIGATION: (
        "The police are investigating. This can take a long time; we will tell you when anything changes.",
        "The police are looking into what happened. It can take a while.",
    ),
    Stage.NO_FURTHER_ACTION: (
        "The police or the prosecutors decided not to take the case to court. You can ask them to "
        "review this decision; we can help you do it.",
        "The case is not going to court. That does not mean you were not believed.",
    ),
    Stage.CHARGE: (
        "Someone has been charged. The case will now go to court.",
        "Someone has been charged, so the case is going to court.",
    ),
    Stage.FIRST_HEARING: (
        "The first hearing has taken place. Witnesses do not usually go to this one.",
        "The court has had its first meeting about the case. You did not need to go.",
    ),
    Stage.PLEA: (
        "The person charged has told the court whether they say they are guilty or not guilty.",
        "The person charged has said if they are guilty or not.",
    ),
    Stage.TRIAL: (
        "The trial is happening: the court hears the evidence.",
        "The trial is when the court hears what happened.",
    ),
    Stage.VERDICT: (
        "The court has reached a verdict. We will keep supporting you for as long as you need.",
        "The court has decided. We are still here for you.",
    ),
    Stage.SENTENCE: (
        "The court has given its sentence. Support carries on.",
        "The court has decided the sentence. We are still here for you.",
    ),
    Stage.APPEAL: (
        "There is an appeal. We will explain what it means for you.",
        "Someone has asked a higher court to look at the case again.",
    ),
}

MEASURE_WORDS: dict[str, str] = {
    "s23": "A screen so you do not have to see the person charged.",
    "s24": "Giving evidence by video link from another room, not in the courtroom.",
    "s25": "The public leave the courtroom while you give evidence.",
    "s26": "The judge and lawyers take off their wigs and gowns.",
    "s27": "Your video interview is played as your main evidence.",
    "s28": "Your questions from the lawyers are recorded on video before the trial, so you do not "
    "have to wait for it.",
    "s29": "A registered intermediary helps you understand the questions and be understood.",
    "s30": "Aids to help you communicate, such as a picture board.",
}

HEARING_DAY_WORDS: dict[str, str] = {
    Hearing.Kind.TRIAL: (
        "Arrive at the time given: your supporter meets you at the witness service, a quiet room away "
        "from everyone else in the case. You may wait a while; bring something to do. When it is "
        "time, you give evidence in the way the court agreed, and can ask for a break."
    ),
    Hearing.Kind.S28: (
        "Your questions are recorded on video before the trial. You go to a quiet room with a link "
        "to the court; your supporter stays with you until it starts, and you can ask for a break."
    ),
}
DEFAULT_DAY_WORDS = (
    "Witnesses do not usually need to go to this hearing. Your worker will tell you what happened."
)


@dataclass
class JourneyWitness:
    name: str
    granted: list[tuple[str, str]]  # (measure, what it means)
    pending: list[str]
    with_them: str
    what_to_bring: str
    pre_trial_visit_on: dt.date | None
    travel: str
    childcare: str


@dataclass
class JourneyHearing:
    kind: str
    court: str
    starts_at: dt.datetime
    the_day: str


@dataclass
class Journey:
    title: str
    stage_words: str
    support_words: str
    next_hearing: JourneyHearing | None
    witnesses: list[JourneyWitness]
    steps: list[tuple[str, bool]]  # every stage of the way, and whether it is done


def _family_member_cases(user: Any, family: Family) -> QuerySet[CriminalJusticeCase]:
    cases = CriminalJusticeCase.objects.filter(family=family, shared_with_family=True)
    if user.role == Role.YOUNG_PERSON:
        cases = cases.filter(children__young_person__portal_user=user)
    return cases


def own_family_for_journey(
    *, user: Any, family_pk: int, request: HttpRequest | None = None
) -> Family:
    family = policy.families_for(user, Action.VIEW_COURT_JOURNEY).filter(pk=family_pk).first()
    if family is None:
        raise policy.not_found(
            user,
            Action.VIEW_COURT_JOURNEY,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )
    return family


def _journey_steps(stage: str) -> list[tuple[str, bool]]:
    """Every stage of the way and whether it is done. A case that ended with no further action
    shows the road it took; otherwise the road to sentence (an appeal only once there is one)."""
    reached = STAGE_RANK[stage]
    road: list[str]
    if stage == Stage.NO_FURTHER_ACTION:
        road = [Stage.REPORT, Stage.INVESTIGATION, Stage.NO_FURTHER_ACTION]
    else:
        road = [s for s in Stage.values if s != Stage.NO_FURTHER_ACTION]
        if stage != Stage.APPEAL:
            road.remove(Stage.APPEAL)
    labels = dict(Stage.choices)
    return [(str(labels[s]), STAGE_RANK[s] <= reached) for s in road]


def court_journey(
    *, user: Any, family: Family, request: HttpRequest | None = None
) -> list[Journey]:
    """The family's court journey in plain words: where things are, what happens next and when,
    special measures granted, who will be with them, what to bring. Never the suspect."""
    young = user.role == Role.YOUNG_PERSON
    journeys = []
    now = timezone.now()
    for case in _family_member_cases(user, family).prefetch_related("stage_changes"):
        children = CaseChild.objects.filter(case=case).select_related("young_person")
        if young:
            children = children.filter(young_person__portal_user=user)
        witnesses = []
        for child in children:
            support = getattr(child, "witness", None) if child.is_witness else None
            if support is None:
                continue
            measures = list(support.measures.all())
            witnesses.append(
                JourneyWitness(
                    name="you" if young else child.young_person.short_name,
                    granted=[
                        (m.get_measure_display(), MEASURE_WORDS[m.measure])
                        for m in measures
                        if m.status == MeasureApplication.Status.GRANTED
                    ],
                    pending=[
                        str(m.get_measure_display())
                        for m in measures
                        if m.status == MeasureApplication.Status.APPLIED
                    ],
                    with_them=support.with_them,
                    what_to_bring=support.what_to_bring,
                    pre_trial_visit_on=support.pre_trial_visit_on,
                    travel=support.travel,
                    childcare="" if young else support.childcare,
                )
            )
        upcoming = (
            case.hearings.filter(shared_with_family=True, starts_at__gte=now)
            .order_by("starts_at")
            .first()
        )
        words = STAGE_WORDS[case.stage]
        steps = _journey_steps(case.stage)
        if case.support == CriminalJusticeCase.Support.ENDED:
            support_words = (
                "Your worker's support for the court case has ended. You can ask for it again."
            )
        else:
            support_words = "Your worker carries on supporting you"
            if case.support_review_on:
                support_words += (
                    f"; you will look at it together again by {case.support_review_on:%-d %B %Y}"
                )
            support_words += "."
        journeys.append(
            Journey(
                title="Your court case" if young else "The court case",
                stage_words=words[1] if young else words[0],
                support_words=support_words,
                next_hearing=(
                    JourneyHearing(
                        kind=upcoming.get_kind_display(),
                        court=upcoming.court,
                        starts_at=upcoming.starts_at,
                        the_day=HEARING_DAY_WORDS.get(upcoming.kind, DEFAULT_DAY_WORDS),
                    )
                    if upcoming
                    else None
                ),
                witnesses=witnesses,
                steps=steps,
            )
        )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="justice.courtjourney",
        object_id=family.pk,
        family_id=family.pk,
        reason=policy.AccessReason.OWN_FAMILY.value,
        detail={"cases": len(journeys)},
    )
    return journeys


def has_court_journey(*, user: Any) -> Family | None:
    """The family member's own family, when it has a court journey shared with them (for the start
    page's panel; nothing is audited until they open it)."""
    if not policy.can(user, Action.VIEW_COURT_JOURNEY):
        return None
    for family in policy.families_for(user, Action.VIEW_COURT_JOURNEY):
        if _family_member_cases(user, family).exists():
            return family
    return None


# --- Calendar feeds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str
    updated_at: dt.datetime


def live_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).first()


def shows_detail(user: Any) -> bool:
    """Whether a family member's calendar may say what an appointment is: their own safe-contact
    settings, whichever is the latest of the choice they made on their calendar page
    (``CalendarPreference``) and the safe-contact decision a worker recorded with them
    (``cases.SafeContactDecision.calendar_shows_detail``). Neither: "Appointment" only."""
    preference = CalendarPreference.objects.filter(person=user).first()
    decision = (
        SafeContactDecision.objects.filter(
            Q(carer__portal_user=user) | Q(young_person__portal_user=user)
        )
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is not None and (preference is None or decision.decided_at > preference.chosen_at):
        return bool(decision.calendar_shows_detail)
    return bool(preference and preference.shows_detail)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed this token opens, or None: unknown, rotated away, or its owner no longer
    active. Looked up by the token's hash only."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("owner")
        .filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            owner__is_active=True,
        )
        .first()
    )


def feed_events(*, feed: CalendarFeed, request: HttpRequest | None = None) -> list[FeedEvent]:
    """The hearings in one person's calendar, decided now by their access now (a worker taken off
    a family loses its hearings at the next refresh). A family member's events say "Appointment"
    unless they chose otherwise; a worker's name the family by reference only, never a child."""
    owner = feed.owner
    since = timezone.now() - dt.timedelta(days=90)
    if owner.role in (Role.PARENT, Role.YOUNG_PERSON):
        family_ids = policy.families_for(owner, Action.VIEW_COURT_JOURNEY).values("pk")
        hearings = Hearing.objects.filter(
            case__in=CriminalJusticeCase.objects.filter(
                family__in=family_ids, shared_with_family=True
            ),
            shared_with_family=True,
        )
        if owner.role == Role.YOUNG_PERSON:
            hearings = hearings.filter(case__children__young_person__portal_user=owner)
        detail = shows_detail(owner)
    else:
        hearings = Hearing.objects.filter(case__in=visible_cases(owner))
        detail = True
    hearings = hearings.filter(starts_at__gte=since).select_related("case__family").distinct()
    events = []
    for hearing in hearings.order_by("starts_at"):
        ends = hearing.ends_at or hearing.starts_at + dt.timedelta(hours=2)
        if owner.role in (Role.PARENT, Role.YOUNG_PERSON):
            summary = f"Court: {hearing.get_kind_display()}" if detail else "Appointment"
            location = hearing.court if detail else ""
        else:
            summary = f"{hearing.get_kind_display()} ({hearing.case.family.reference})"
            location = ", ".join(p for p in (hearing.court, hearing.courtroom) if p)
        events.append(
            FeedEvent(
                uid=f"hearing-{hearing.pk}@relsafe",
                starts_at=hearing.starts_at,
                ends_at=ends,
                summary=summary,
                location=location,
                updated_at=hearing.updated_at,
            )
        )
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    record(
        action=AuditAction.VIEW,
        actor=owner,
        request=request,
        obj=feed,
        reason="their own calendar feed",
        detail={"hearings": len(events)},
    )
    return events


# --- Reports -------------------------------------------------------------------------------------


def _suppressed(n: int) -> int | None:
    return n if n == 0 or n >= SMALL_NUMBER_THRESHOLD else None


@dataclass
class Figures:
    label: str
    cases: int | None
    attended: int | None
    expected: int | None
    attendance_rate: str
    measures_applied: int | None
    measures_granted: int | None
    rights_recorded: int | None
    rights_met: int | None
    stage_days: list[dict[str, Any]]


def _rate(part: int, whole: int) -> str:
    if whole < SMALL_NUMBER_THRESHOLD:
        return "Too few to show"
    return f"{round(100 * part / whole)}%"


def _figures(label: str, cases: QuerySet[CriminalJusticeCase]) -> Figures:
    attendances = Attendance.objects.filter(witness__child__case__in=cases)
    expected = attendances.count()
    attended = attendances.filter(attended=True).count()
    measures = MeasureApplication.objects.filter(witness__child__case__in=cases)
    applied = measures.count()
    granted = measures.filter(status=MeasureApplication.Status.GRANTED).count()
    rights = RightCheck.objects.filter(case__in=cases).exclude(status="")
    met = rights.filter(status=RightCheck.Status.MET).count()
    judged = rights.filter(status__in=(RightCheck.Status.MET, RightCheck.Status.NOT_MET)).count()
    durations: dict[str, list[int]] = defaultdict(list)
    today = timezone.localdate()
    changes = StageChange.objects.filter(case__in=cases).order_by("case_id", "entered_on", "pk")
    by_case: dict[int, list[StageChange]] = defaultdict(list)
    for change in changes:
        by_case[change.case_id].append(change)
    for history in by_case.values():
        for index, change in enumerate(history):
            if change.stage == Stage.NO_FURTHER_ACTION:
                continue
            left = history[index + 1].entered_on if index + 1 < len(history) else today
            durations[change.stage].append((left - change.entered_on).days)
    stage_days = []
    for value, stage_label in Stage.choices:
        days = durations.get(value, [])
        shown = len(days) >= SMALL_NUMBER_THRESHOLD
        stage_days.append(
            {
                "label": stage_label,
                "count": _suppressed(len(days)),
                "median": round(statistics.median(days)) if shown else None,
                "shortest": min(days) if shown else None,
                "longest": max(days) if shown else None,
            }
        )
    return Figures(
        label=label,
        cases=_suppressed(cases.count()),
        attended=_suppressed(attended),
        expected=_suppressed(expected),
        attendance_rate=_rate(attended, expected),
        measures_applied=_suppressed(applied),
        measures_granted=_suppressed(granted),
        rights_recorded=_suppressed(judged),
        rights_met=_suppressed(met),
        stage_days=stage_days,
    )


def _team_cases(team: Team) -> QuerySet[CriminalJusticeCase]:
    families = Allocation.objects.filter(worker__team=team, ended_at__isnull=True).values(
        "family_id"
    )
    return CriminalJusticeCase.objects.filter(family_id__in=families)


@dataclass
class Report:
    teams: list[Figures]
    overall: Figures | None
    threshold: int = SMALL_NUMBER_THRESHOLD


def report(*, user: Any, request: HttpRequest | None = None) -> Report:
    """Court support figures with no names and small numbers suppressed: a team manager's own team;
    a commissioner every team carrying a family with a case, and the whole service."""
    if not policy.can(user, Action.VIEW_JUSTICE_REPORT):
        return Report(teams=[], overall=None)
    if user.role == Role.TEAM_MANAGER:
        teams = list(Team.objects.filter(pk=user.team_id))
        overall = None
    else:
        # Every team carrying a family with a criminal justice case, whichever organisation
        # employs it: the service a commissioner pays for is delivered across them.
        carrying = Allocation.objects.filter(
            ended_at__isnull=True, family__justice_cases__isnull=False
        ).values("worker__team_id")
        teams = list(
            Team.objects.filter(pk__in=carrying)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        overall = _figures("All teams", CriminalJusticeCase.objects.all())
    result = Report(
        teams=[_figures(f"{t.name} ({t.organisation.name})", _team_cases(t)) for t in teams],
        overall=overall,
    )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="justice.report",
        detail={"teams": len(teams)},
    )
    return result


# --- For the outcomes app ------------------------------------------------------------------------


@dataclass(frozen=True)
class CourtAttendanceEvent:
    """One supported witness's attendance at one hearing, with no names: what the outcomes app
    counts as "child attended court"."""

    family_id: int
    young_person_id: int
    case_id: int
    hearing_id: int
    hearing_kind: str
    on: dt.date
    attended: bool
    gave_evidence: str  # "" | in_court | live_link | pre_recorded


def court_attendance_events(
    *,
    user: Any,
    family_ids: Iterable[int] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[CourtAttendanceEvent]:
    """Attendance of supported witnesses at hearings, oldest first. Staff get the families they
    may see justice cases on (a team manager: their team's); a commissioner (figures only) every
    family, for counting; anyone else nothing. ``family_ids`` narrows it further."""
    if policy.can(user, Action.VIEW_JUSTICE):
        attendances = Attendance.objects.filter(witness__child__case__in=visible_cases(user))
    elif policy.can(user, Action.VIEW_JUSTICE_REPORT):
        attendances = Attendance.objects.all()
    else:
        return []
    if family_ids is not None:
        attendances = attendances.filter(witness__child__case__family_id__in=list(family_ids))
    return _attendance_events(attendances, since=since, until=until)


def attendance_for_families(
    families: QuerySet[Family], since: dt.date, until: dt.date
) -> list[CourtAttendanceEvent]:
    """The same events for families a caller above has already scoped (``outcomes`` computes
    "child attended court" from them). No names, no free text."""
    attendances = Attendance.objects.filter(witness__child__case__family__in=families)
    return _attendance_events(attendances, since=since, until=until)


def _attendance_events(
    attendances: QuerySet[Attendance], *, since: dt.date | None, until: dt.date | None
) -> list[CourtAttendanceEvent]:
    attendances = attendances.select_related("hearing", "witness__child__case")
    events = []
    for attendance in attendances.order_by("hearing__starts_at", "pk"):
        day = timezone.localtime(attendance.hearing.starts_at).date()
        if (since and day < since) or (until and day > until):
            continue
        case = attendance.witness.child.case
        events.append(
            CourtAttendanceEvent(
                family_id=case.family_id,
                young_person_id=attendance.witness.child.young_person_id,
                case_id=case.pk,
                hearing_id=attendance.hearing_id,
                hearing_kind=attendance.hearing.kind,
                on=day,
                attended=attendance.attended,
                gave_evidence=attendance.gave_evidence,
            )
        )
    return events


def family_section(*, user: Any, family: Family) -> dict[str, Any] | None:
    """The family page's line about criminal justice: each case, its stage and how long. One
    query: the page opened the family through ``cases.selectors.get_family`` (the route to it is
    established and audited), so only the kind of work is asked here."""
    if not policy.can(user, Action.VIEW_JUSTICE):
        return None
    cases = list(CriminalJusticeCase.objects.filter(family=family).order_by("-created_at"))
    return {
        "justice_cases": cases,
        "can_manage_justice": policy.can(user, Action.MANAGE_JUSTICE),
    }
