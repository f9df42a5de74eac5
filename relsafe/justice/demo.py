"""Demo criminal justice cases (fictional), at different stages in eight families.

Jayden's (RS-0001) stops at the investigation, so journey 4 can be played from there: "Ghost" is
charged, special measures are applied for and granted, the trial and the support after it. The
others show the rest of the road: a long wait at the plea (Kai), a sentence with support going on
(Maya), a report just made (Tyler), no further action and support stepped down (Mason), a first
hearing next week (Harvey), a long investigation (Chloe) and a verdict with a missed hearing on the
way (Ruby). Kai's intimidation concern was passed on to Northbridge Police as intelligence (and
acknowledged); Ruby's, from before her trial, was not. Suspects the family's own reports to the
police name (Kai's "Ghost") are linked to them. Idempotent: a family's case is created once, by its
title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.cases.models import Family
from relsafe.core.demo import DemoWorld
from relsafe.intelligence import services as intelligence_services
from relsafe.intelligence.models import Mention, Submission
from relsafe.intelligence.services import PersonDetails, SubmissionDetails
from relsafe.justice import selectors, services
from relsafe.justice.models import (
    Attendance,
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    IntimidationConcern,
    MeasureApplication,
    RightCheck,
    Stage,
    StageChange,
    SupportContact,
    SupportStep,
    Suspect,
    WitnessSupport,
)

S = Stage


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _at(days_from_now: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days_from_now)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@dataclass
class Witness:
    child: str
    part: str = CaseChild.Part.VICTIM_AND_WITNESS
    abe_days_ago: int | None = None
    measures: list[tuple[str, str, int, int | None]] = field(default_factory=list)
    visit_days_ago: int | None = None
    travel: str = ""
    childcare: str = ""
    with_them: str = ""
    what_to_bring: str = ""
    phone_requested_days_ago: int | None = None
    # Intimidation concerns: days ago, what happened, passed on as intelligence (and acknowledged).
    concerns: list[tuple[int, str, bool]] = field(default_factory=list)


@dataclass
class CaseSpec:
    reference: str
    title: str
    offences: list[str]
    worker: str
    stages: list[tuple[str, int]]  # (stage, days ago)
    suspects: list[str]
    witnesses: list[Witness]
    hearings: list[tuple[str, int, str]] = field(
        default_factory=list
    )  # kind, days from now, outcome
    attendance: list[tuple[int, bool, str, str]] = field(default_factory=list)
    shared_with_family: bool = False
    support: list[tuple[int, str]] = field(default_factory=list)  # days ago, summary
    steps: list[tuple[str, int, str, int | None]] = field(default_factory=list)
    rights_met: int = 0
    officer: str = "DC Amira Khan, Northbridge Police exploitation team"


CASES: list[CaseSpec] = [
    CaseSpec(
        "RS-0001",
        "Exploitation of Jayden (county lines)",
        ["cce", "trafficking"],
        "sam",
        [(S.REPORT, 150), (S.INVESTIGATION, 140)],
        ["Ghost"],
        [
            Witness(
                "Jayden",
                abe_days_ago=135,
                phone_requested_days_ago=130,
                with_them="Sam, and his mum Precious nearby",
            )
        ],
        shared_with_family=True,
        support=[
            (145, "Went with Precious to the police station to make the report."),
            (
                120,
                "Explained to Jayden and Precious what an investigation involves and how long it takes.",
            ),
        ],
        rights_met=3,
    ),
    CaseSpec(
        "RS-0003",
        "Criminal exploitation of Kai",
        ["cce"],
        "sam",
        [
            (S.REPORT, 330),
            (S.INVESTIGATION, 320),
            (S.CHARGE, 250),
            (S.FIRST_HEARING, 230),
            (S.PLEA, 200),
        ],
        ["Tall Man", "Ghost"],
        [
            Witness(
                "Kai",
                abe_days_ago=315,
                measures=[("s24", "granted", 190, 170), ("s29", "applied", 60, None)],
                with_them="Sam and his grandmother Marcia",
                concerns=[
                    (
                        12,
                        "A grey Audi parked outside Kai's home for an hour and the driver filmed "
                        "the front door. That night Kai got a message saying they knew where he "
                        "lived and that the trial had better not go ahead.",
                        True,
                    )
                ],
            )
        ],
        hearings=[
            ("first", -230, "Sent to the Crown Court."),
            ("plea", -200, "Not guilty plea; trial fixed."),
            ("trial", 40, ""),
        ],
        shared_with_family=True,
        support=[
            (100, "Kai worried the trial keeps moving; agreed a weekly call until it starts.")
        ],
        rights_met=5,
    ),
    CaseSpec(
        "RS-0004",
        "Online sexual exploitation of Maya",
        ["cse"],
        "sam",
        [
            (S.REPORT, 400),
            (S.INVESTIGATION, 395),
            (S.CHARGE, 300),
            (S.FIRST_HEARING, 285),
            (S.PLEA, 255),
            (S.TRIAL, 65),
            (S.VERDICT, 60),
            (S.SENTENCE, 20),
        ],
        ["The account holder"],
        [
            Witness(
                "Maya",
                abe_days_ago=390,
                measures=[
                    ("s24", "granted", 240, 225),
                    ("s27", "granted", 240, 225),
                    ("s28", "granted", 240, 225),
                ],
                visit_days_ago=90,
                travel="Taxi booked by the witness service",
                with_them="Sam and her mum",
            )
        ],
        hearings=[
            ("s28", -80, "Cross-examination recorded."),
            ("trial", -65, "Guilty verdict."),
            ("sentencing", -20, ""),
        ],
        attendance=[(0, True, "pre_recorded", "")],
        shared_with_family=True,
        support=[
            (63, "Sat with Maya's mum in the witness service while the trial went on."),
            (15, "Talked through the sentence and what it means."),
        ],
        steps=[("review", 10, "Maya and her mum want support to go on after the sentence.", -80)],
        rights_met=10,
    ),
    CaseSpec(
        "RS-0006",
        "Exploitation of Tyler",
        ["cce"],
        "sam",
        [(S.REPORT, 10)],
        [],
        [Witness("Tyler", part=CaseChild.Part.VICTIM)],
    ),
    CaseSpec(
        "RS-0012",
        "Exploitation of Mason",
        ["cce"],
        "tom",
        [(S.REPORT, 260), (S.INVESTIGATION, 250), (S.NO_FURTHER_ACTION, 90)],
        ["Unknown adult"],
        [Witness("Mason", abe_days_ago=245)],
        support=[(85, "Explained the decision and the right to ask for a review.")],
        steps=[("step_down", 30, "Family coping well; they know how to reach us.", None)],
        officer="DC Paul Reed",
    ),
    CaseSpec(
        "RS-0014",
        "Trafficking of Harvey",
        ["trafficking", "cce"],
        "tom",
        [(S.REPORT, 120), (S.INVESTIGATION, 110), (S.CHARGE, 20)],
        ["Driver of the blue van"],
        [Witness("Harvey", abe_days_ago=100, measures=[("s23", "applied", 10, None)])],
        hearings=[("first", 5, "")],
        officer="DC Paul Reed",
    ),
    CaseSpec(
        "RS-0019",
        "Exploitation of Chloe",
        ["cse"],
        "alex",
        [(S.REPORT, 215), (S.INVESTIGATION, 200)],
        ["Adult man known to Chloe's friend"],
        [Witness("Chloe", abe_days_ago=205)],
        support=[(60, "Chloe asked why nothing is happening; chased the officer in charge.")],
    ),
    CaseSpec(
        "RS-0002",
        "Exploitation of Ruby",
        ["cse"],
        "alex",
        [
            (S.REPORT, 420),
            (S.INVESTIGATION, 410),
            (S.CHARGE, 330),
            (S.FIRST_HEARING, 310),
            (S.PLEA, 280),
            (S.TRIAL, 14),
            (S.VERDICT, 10),
        ],
        ["Man from the party flat"],
        [
            Witness(
                "Ruby",
                abe_days_ago=400,
                measures=[
                    ("s23", "granted", 250, 240),
                    ("s26", "granted", 250, 240),
                    ("s28", "refused", 250, 240),
                ],
                visit_days_ago=30,
                childcare="Aunt looks after Ruby's little brother",
                concerns=[
                    (
                        125,
                        "A message from an unknown number told Ruby to stay away from court.",
                        False,
                    )
                ],
            )
        ],
        hearings=[
            ("trial", -120, "Adjourned: no judge available."),
            ("trial", -14, "Guilty verdict."),
        ],
        attendance=[
            (
                0,
                False,
                "",
                "Too frightened after a message from an unknown number; the trial was adjourned anyway.",
            ),
            (1, True, "in_court", ""),
        ],
        support=[(16, "Went with Ruby to court behind the screen.")],
    ),
]


def _seed_witness(
    world: DemoWorld,
    case: CriminalJusticeCase,
    spec: CaseSpec,
    w: Witness,
    hearings: list[Hearing],
) -> None:
    worker = case.recorded_by
    family = case.family
    young_person = family.young_people.get(first_name=w.child)
    child = CaseChild.objects.create(case=case, young_person=young_person, part=w.part)
    if child.is_victim and spec.rights_met:
        for right in range(1, spec.rights_met + 1):
            RightCheck.objects.create(
                case=case,
                young_person=young_person,
                right=right,
                status="met",
                updated_by=worker,
            )
    if not child.is_witness:
        return
    support = WitnessSupport.objects.create(
        child=child,
        abe_interview_on=_ago(w.abe_days_ago) if w.abe_days_ago else None,
        pre_trial_visit_on=_ago(w.visit_days_ago) if w.visit_days_ago else None,
        travel=w.travel,
        childcare=w.childcare,
        with_them=w.with_them,
        what_to_bring=w.what_to_bring,
        phone_requested_on=_ago(w.phone_requested_days_ago) if w.phone_requested_days_ago else None,
    )
    for measure, status, applied, decided in w.measures:
        MeasureApplication.objects.create(
            witness=support,
            measure=measure,
            status=status,
            applied_on=_ago(applied),
            decided_on=_ago(decided) if decided is not None else None,
        )
    for index, attended, how, why_not in spec.attendance:
        Attendance.objects.create(
            witness=support,
            hearing=hearings[index],
            attended=attended,
            gave_evidence=how,
            why_not=why_not,
            recorded_by=worker,
        )
    for days, what_happened, pass_on in w.concerns:
        concern = IntimidationConcern.objects.create(
            witness=support,
            noticed_on=_ago(days),
            what_happened=what_happened,
            told_police_on=None if pass_on else _ago(days - 1),
            recorded_by=worker,
        )
        if pass_on:
            _pass_on(world, concern, worker)


def _pass_on(world: DemoWorld, concern: IntimidationConcern, worker: Any) -> None:
    """Through the services, as the worker would: the form filled in from the concern, graded
    1/A/P (Kai's worker saw the message), sent, and acknowledged by the force's analyst."""
    family = concern.witness.child.case.family
    forces = intelligence_services.forces_for(family)
    if not forces:
        return
    start = selectors.intelligence_start(concern, forces=forces)
    fields = [f.name for f in dataclasses.fields(PersonDetails)]
    people = [
        PersonDetails(**{k: start[f"person_{i}_{k}"] for k in fields if f"person_{i}_{k}" in start})
        for i in (1, 2, 3)
    ]
    details = SubmissionDetails(
        force=forces[0],
        young_people=[concern.witness.child.young_person],
        source_type=start["source_type"],
        source_grade="1",
        information_grade="A",
        handling="P",
        lawful_basis=Submission.LawfulBasis.SAFEGUARDING,
        lawful_basis_notes="Asking the family's consent was not needed: they asked us to tell "
        "the police.",
        offence=start["offence"],
        occurred_on=start["occurred_on"],
        what_happened=start["what_happened"],
        people=people,
        vehicles=[("", "grey", "Audi")],
    )
    draft = services.pass_concern_to_police(actor=worker, concern=concern, details=details)
    sent = intelligence_services.send_submission(
        actor=worker, submission=draft, expected_version=draft.version
    )
    analyst = world.people.get("priya")
    if analyst is not None and sent.force_id == analyst.organisation_id:
        intelligence_services.acknowledge(actor=analyst, submission=sent)


def _link(case: CriminalJusticeCase, suspect: Suspect) -> None:
    """A suspect the family's own reports to the police name (by nickname) is linked to the
    latest of them: the police then reach their person of concern from the case."""
    mention = (
        Mention.objects.filter(
            submission__family=case.family,
            submission__sent_at__isnull=False,
            nickname__iexact=suspect.known_as,
        )
        .order_by("-submission__sent_at", "-pk")
        .first()
    )
    if mention is not None:
        suspect.intelligence_person = mention
        suspect.save(update_fields=["intelligence_person"])


def _seed_case(world: DemoWorld, spec: CaseSpec) -> None:
    family = Family.objects.filter(reference=spec.reference).first()
    if (
        family is None
        or CriminalJusticeCase.objects.filter(family=family, title=spec.title).exists()
    ):
        return
    worker = world.people[spec.worker]
    current, since = spec.stages[-1]
    case = CriminalJusticeCase.objects.create(
        family=family,
        title=spec.title,
        offences=spec.offences,
        police_reference=f"NB/26/{4400 + int(spec.reference[-4:])}",
        officer_in_charge=spec.officer,
        officer_contact="101, ask for the exploitation team",
        stage=current,
        stage_since=_ago(since),
        shared_with_family=spec.shared_with_family,
        recorded_by=worker,
        recorded_by_organisation=worker.organisation,
        created_at=timezone.now() - dt.timedelta(days=spec.stages[0][1]),
    )
    StageChange.objects.bulk_create(
        StageChange(case=case, stage=stage, entered_on=_ago(days), recorded_by=worker)
        for stage, days in spec.stages
    )
    charged = any(stage == S.CHARGE for stage, _ in spec.stages)
    for name in spec.suspects:
        _link(case, Suspect.objects.create(case=case, known_as=name, charged=charged))
    hearings = [
        Hearing.objects.create(
            case=case,
            kind=kind,
            court="Northbridge Crown Court"
            if kind != "first"
            else "Northbridge Magistrates' Court",
            courtroom="Court 2",
            starts_at=_at(days, 10),
            ends_at=_at(days, 16),
            who_attends="Witness and supporter" if kind in ("trial", "s28") else "",
            outcome=outcome,
            shared_with_family=True,
        )
        for kind, days, outcome in spec.hearings
    ]
    for w in spec.witnesses:
        _seed_witness(world, case, spec, w, hearings)
    for days, summary in spec.support:
        on = _ago(days)
        stage = next((s for s, d in reversed(spec.stages) if _ago(d) <= on), S.REPORT)
        SupportContact.objects.create(
            case=case, occurred_on=on, stage=stage, summary=summary, recorded_by=worker
        )
    for kind, days, reason, review in spec.steps:
        SupportStep.objects.create(
            case=case,
            kind=kind,
            on=_ago(days),
            reason=reason,
            next_review_on=_ago(review) if review is not None else None,
            recorded_by=worker,
        )
        case.support = {
            "review": CriminalJusticeCase.Support.OPEN,
            "step_down": CriminalJusticeCase.Support.STEPPED_DOWN,
        }.get(kind, case.support)
        case.support_review_on = _ago(review) if review is not None else None
    case.save(update_fields=["support", "support_review_on"])


@transaction.atomic
def seed(world: DemoWorld) -> None:
    for spec in CASES:
        _seed_case(world, spec)
