"""Every change to partnership intelligence: a worker writes a submission and sends it to a force
(after seeing the police copy and confirming who they are); the force acknowledges it and records
an outcome; analysts confirm or split the engine's links and start a full re-link.

Each function checks the actor itself (``access.policy.require``), runs in one transaction with
its audit entry, and never lets anything reach a police copy before the worker confirms.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import Organisation
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.concurrency import update_if_unchanged
from relsafe.core.contact_details import normalise_uk_postcode
from relsafe.intelligence import evidence_log, hooks, linking
from relsafe.intelligence.linkage import Kind, split
from relsafe.intelligence.linkage import normalise as norm
from relsafe.intelligence.models import (
    ChildPseudonym,
    Entity,
    LinkDecision,
    Mention,
    PersonOfConcern,
    RelinkRun,
    Submission,
)
from relsafe.intelligence.sanitise import police_copy
from relsafe.intelligence.tasks import relink_everything


@dataclass
class PersonDetails:
    """A person of concern as the worker wrote them, with the identifiers that are theirs."""

    name: str = ""
    nickname: str = ""
    age_estimate: str = ""
    gender: str = ""
    description: str = ""
    phone: str = ""
    plate: str = ""
    colour: str = ""
    make: str = ""
    handle: str = ""

    def is_empty(self) -> bool:
        return not any(str(v).strip() for v in vars(self).values())


@dataclass
class SubmissionDetails:
    """Everything a worker fills in; ``police_copy`` is built from it, never typed."""

    force: Organisation
    source_type: str
    source_grade: str
    information_grade: str
    handling: str
    lawful_basis: str
    offence: str
    occurred_on: dt.date
    what_happened: str
    young_people: Sequence[YoungPerson] = ()
    source_name: str = ""
    disclose_source: bool = False
    disclose_source_reason: str = ""
    handling_conditions: str = ""
    lawful_basis_notes: str = ""
    people: Sequence[PersonDetails] = ()
    phones: Sequence[str] = ()
    vehicles: Sequence[tuple[str, str, str]] = ()  # plate, colour, make
    handles: Sequence[str] = ()
    places: Sequence[tuple[str, str]] = ()  # what the place is, postcode
    times: Sequence[str] = ()
    evidence_entry_ids: Sequence[int] = field(default_factory=tuple)


SCALAR_FIELDS = (
    "source_type",
    "source_name",
    "disclose_source",
    "disclose_source_reason",
    "source_grade",
    "information_grade",
    "handling",
    "handling_conditions",
    "lawful_basis",
    "lawful_basis_notes",
    "offence",
    "occurred_on",
    "what_happened",
)


def forces_for(family: Family) -> list[Organisation]:
    """Police forces this family's case is shared with now: the only ones it may be sent to."""
    return list(
        Organisation.objects.filter(
            kind=Organisation.Kind.POLICE,
            shares__family=family,
            shares__revoked_at__isnull=True,
        ).distinct()
    )


def _clean(actor: Any, family: Family, details: SubmissionDetails) -> None:
    errors: dict[str, str] = {}
    if details.force not in forces_for(family):
        errors["force"] = "Choose a police force this family's case is shared with."
    if any(yp.family_id != family.pk for yp in details.young_people):
        errors["young_people"] = "Choose children from this family."
    if details.disclose_source and not details.disclose_source_reason.strip():
        errors["disclose_source_reason"] = "Say why the police may know who the source is."
    if details.handling == Submission.Handling.C and not details.handling_conditions.strip():
        errors["handling_conditions"] = "Say what conditions the police must keep to."
    if not details.what_happened.strip():
        errors["what_happened"] = "Enter what was seen or heard."
    if details.occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date must be today or in the past."
    errors |= _postcode_errors(details)
    if details.evidence_entry_ids:
        allowed = {e.pk for e in evidence_log.reviewed_entries(actor, family)}
        if not set(details.evidence_entry_ids) <= allowed:
            errors["evidence_entries"] = "Choose reviewed entries from this family's log."
    if errors:
        raise ValidationError(errors)


def _postcode_errors(details: SubmissionDetails) -> dict[str, str]:
    errors = {}
    for i, (_, postcode) in enumerate(details.places, start=1):
        if postcode.strip():
            try:
                normalise_uk_postcode(postcode)
            except ValidationError:
                errors[f"place_{i}_postcode"] = "Enter a full UK postcode, like SW1A 2AA"
    return errors


def _key(kind: str, value: str, postcode: str = "") -> str:
    """The normalised value "also reported in" matches on (raw text stays in ``value``)."""
    if kind == Entity.Kind.PHONE:
        phone = norm.normalise_phone(value)
        return phone.key if phone else ""
    if kind == Entity.Kind.VEHICLE:
        plate = norm.normalise_plate(value)
        return plate.key if plate and not plate.partial else ""
    if kind == Entity.Kind.HANDLE:
        handle = norm.normalise_handle(value)
        return handle.name if handle else ""
    if kind == Entity.Kind.PLACE:
        if postcode:
            return normalise_uk_postcode(postcode)
        return " ".join(value.lower().split())[:200]
    return ""


class _Writer:
    """Writes a draft's entity rows in order (a person's identifiers point at the person)."""

    def __init__(self, submission: Submission) -> None:
        self.submission = submission

    def add(self, kind: str, position: int, person: Entity | None = None, **values: str) -> Entity:
        values = {k: (v or "").strip() for k, v in values.items()}
        if values.get("postcode"):
            values["postcode"] = normalise_uk_postcode(values["postcode"])
        return Entity.objects.create(
            submission=self.submission,
            kind=kind,
            position=position,
            person=person,
            key=_key(kind, values.get("value", ""), values.get("postcode", "")),
            **values,
        )

    def identifiers(
        self,
        position: int,
        person: Entity | None,
        phone: str,
        vehicle: tuple[str, str, str],
        handle: str,
    ) -> None:
        if phone.strip():
            self.add(Entity.Kind.PHONE, position, person, value=phone)
        plate, colour, make = vehicle
        if plate.strip() or colour.strip() or make.strip():
            self.add(Entity.Kind.VEHICLE, position, person, value=plate, colour=colour, make=make)
        if handle.strip():
            self.add(Entity.Kind.HANDLE, position, person, value=handle)


def _write_entities(submission: Submission, details: SubmissionDetails) -> None:
    """Replace the draft's entity rows with what the worker wrote (drafts only)."""
    submission.entities.all().delete()
    w = _Writer(submission)
    people = [p for p in details.people if not p.is_empty()]
    for i, p in enumerate(people, start=1):
        person = w.add(
            Entity.Kind.PERSON,
            i,
            name=p.name,
            nickname=p.nickname,
            age_estimate=p.age_estimate,
            gender=p.gender,
            description=p.description,
        )
        w.identifiers(i, person, p.phone, (p.plate, p.colour, p.make), p.handle)
    for i, phone in enumerate(details.phones, start=1):
        w.identifiers(10 + i, None, phone, ("", "", ""), "")
    for i, vehicle in enumerate(details.vehicles, start=1):
        w.identifiers(20 + i, None, "", vehicle, "")
    for i, handle in enumerate(details.handles, start=1):
        w.identifiers(30 + i, None, "", ("", "", ""), handle)
    for i, (place, postcode) in enumerate(details.places, start=1):
        if place.strip() or postcode.strip():
            w.add(Entity.Kind.PLACE, i, value=place or postcode, postcode=postcode)
    for i, when in enumerate(details.times, start=1):
        if when.strip():
            w.add(Entity.Kind.TIME, i, value=when)


def _values(details: SubmissionDetails) -> dict[str, Any]:
    values = {name: getattr(details, name) for name in SCALAR_FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    return values


@atomic_action
def create_submission(
    *,
    actor: Any,
    family: Family,
    details: SubmissionDetails,
    request: HttpRequest | None = None,
) -> Submission:
    """A draft: saved for the worker only. Nothing reaches the force until it is sent."""
    require(actor, Action.SEND_INTELLIGENCE, family=family, request=request)
    _clean(actor, family, details)
    submission = Submission.objects.create(
        reference=uuid.uuid4().hex[:20],
        family=family,
        force=details.force,
        basis_decided_by=actor,
        created_by=actor,
        created_by_organisation_id=actor.organisation_id,
        evidence_entry_ids=list(details.evidence_entry_ids),
        **_values(details),
    )
    submission.reference = f"PI-{submission.pk:05d}"
    submission.save(update_fields=["reference"])
    submission.young_people.set(details.young_people)
    _write_entities(submission, details)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=submission,
        detail={"reference": submission.reference, "draft": True},
    )
    return submission


@atomic_action
def update_submission(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int,
    details: SubmissionDetails,
    request: HttpRequest | None = None,
) -> Submission:
    """Change a draft (optimistic locking); a sent submission is never changed."""
    require(actor, Action.SEND_INTELLIGENCE, family=submission.family, request=request)
    if not submission.is_draft:
        raise ValidationError("This information has been sent; it can no longer be changed.")
    _clean(actor, submission.family, details)
    fresh = update_if_unchanged(
        Submission.objects.filter(pk=submission.pk),
        expected_version,
        force=details.force,
        basis_decided_by=actor,
        evidence_entry_ids=list(details.evidence_entry_ids),
        updated_at=timezone.now(),
        **_values(details),
    )
    fresh.young_people.set(details.young_people)
    _write_entities(fresh, details)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        detail={"reference": fresh.reference, "version": fresh.version},
    )
    return fresh


def pseudonyms(
    force: Organisation, young_people: Sequence[YoungPerson], *, assign: bool
) -> list[tuple[YoungPerson, str]]:
    """Each child's pseudonym as this force knows them ("Child A"). With ``assign`` new ones are
    stored; without, the labels they would get are shown (the preview)."""
    known = {
        p.young_person_id: p
        for p in ChildPseudonym.objects.filter(force=force, young_person__in=young_people)
    }
    top = ChildPseudonym.objects.filter(force=force).aggregate(n=Max("number"))["n"] or 0
    out = []
    for yp in sorted(young_people, key=lambda y: y.pk):
        pseudonym = known.get(yp.pk)
        if pseudonym is None:
            top += 1
            pseudonym = ChildPseudonym(force=force, young_person=yp, number=top)
            if assign:
                pseudonym.save()
        out.append((yp, pseudonym.label))
    return out


def build_police_copy(
    submission: Submission, *, actor: Any, assign: bool, sent_at: dt.datetime | None = None
) -> dict[str, Any]:
    """The police copy as it stands now (the preview), or as sent (``assign=True``)."""
    family = submission.family
    children = pseudonyms(submission.force, list(submission.young_people.all()), assign=assign)
    return police_copy(
        submission=submission,
        entities=submission.entities.all().order_by("kind", "position", "pk"),
        children=children,
        family_children=list(family.young_people.all()),
        carers=list(family.carers.all()),
        sent_at=sent_at or timezone.now(),
        sent_by=actor,
    )


def _mention_for(person: Entity, submission: Submission, places: list[Entity]) -> Mention:
    own = {e.kind: e for e in reversed(list(person.identifiers.all()))}
    vehicle = own.get(Entity.Kind.VEHICLE)
    place = places[0] if places else None
    return Mention(
        entity=person,
        submission=submission,
        case_ref=f"family-{submission.family_id}",
        reported_on=submission.occurred_on.isoformat(),
        name=person.name,
        nickname=person.nickname,
        age_estimate=person.age_estimate,
        gender=person.gender,
        phone=own[Entity.Kind.PHONE].value if Entity.Kind.PHONE in own else "",
        vehicle=vehicle.value if vehicle else "",
        vehicle_desc=" ".join(p for p in (vehicle.colour, vehicle.make) if p) if vehicle else "",
        handle=own[Entity.Kind.HANDLE].value if Entity.Kind.HANDLE in own else "",
        location=" ".join(p for p in (place.value, place.postcode) if p) if place else "",
        description=person.description,
    )


@atomic_action
def send_submission(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Submission:
    """Send the draft to its force, exactly as the worker last saw it (``expected_version``):
    freeze the police copy, give new children their pseudonyms, and link each person of concern
    to the people already known (incrementally)."""
    require(actor, Action.SEND_INTELLIGENCE, family=submission.family, request=request)
    if not submission.is_draft:
        raise ValidationError("This information has already been sent.")
    if submission.force not in forces_for(submission.family):
        raise ValidationError(
            {"force": "The case is no longer shared with this force: choose another."}
        )
    now = timezone.now()
    copy = build_police_copy(submission, actor=actor, assign=True, sent_at=now)
    fresh = update_if_unchanged(
        Submission.objects.select_related("family", "force").filter(pk=submission.pk),
        expected_version,
        status=Submission.Status.NEW,
        sent_by=actor,
        sent_at=now,
        police_copy=copy,
        updated_at=now,
    )
    entities = list(fresh.entities.all())
    places = [e for e in entities if e.kind == Entity.Kind.PLACE]
    mentions = [_mention_for(e, fresh, places) for e in entities if e.kind == Entity.Kind.PERSON]
    for mention in mentions:
        mention.save()
    if mentions:
        linking.link_new(mentions)
    record(
        action=AuditAction.SHARE,
        actor=actor,
        request=request,
        obj=fresh,
        detail={
            "reference": fresh.reference,
            "force": fresh.force.name,
            "grading": fresh.grading,
            "lawful_basis": fresh.lawful_basis,
            "source_disclosed": fresh.disclose_source,
        },
    )
    evidence_log.passed_to_police(actor=actor, submission=fresh, request=request)
    hooks.submission_sent(actor=actor, submission=fresh, request=request)
    return fresh


def _police_update(submission: Submission, expected_version: int | None, **changes: Any) -> None:
    """A force's change to the status: the version moves on (so an API client's ETag goes stale),
    checked against ``expected_version`` when the caller read one."""
    if expected_version is not None:
        update_if_unchanged(
            Submission.objects.filter(pk=submission.pk), expected_version, **changes
        )
    else:
        Submission.objects.filter(pk=submission.pk).update(version=F("version") + 1, **changes)
    submission.refresh_from_db()


@atomic_action
def acknowledge(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Submission:
    """One click: the force has it. The worker and the family's log are told (status only).
    ``expected_version`` (the API's If-Match) makes a stale acknowledgement a conflict."""
    require(actor, Action.HANDLE_INTELLIGENCE, record=submission, request=request)
    if submission.status != Submission.Status.NEW:
        raise ValidationError("This information has already been acknowledged.")
    now = timezone.now()
    _police_update(
        submission,
        expected_version,
        status=Submission.Status.ACKNOWLEDGED,
        acknowledged_by=actor,
        acknowledged_at=now,
        updated_at=now,
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=submission,
        detail={"reference": submission.reference, "status": submission.status},
    )
    evidence_log.police_status(actor=actor, submission=submission, request=request)
    return submission


@atomic_action
def record_outcome(
    *,
    actor: Any,
    submission: Submission,
    status: str,
    feedback: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Submission:
    """The force's outcome, with optional feedback for the worker (never for the family: their
    log shows the status alone, so nothing can compromise police work)."""
    require(actor, Action.HANDLE_INTELLIGENCE, record=submission, request=request)
    if status not in Submission.POLICE_STATUSES:
        raise ValidationError({"status": "Choose what has happened."})
    now = timezone.now()
    changes: dict[str, Any] = {
        "status": status,
        "outcome_by": actor,
        "outcome_at": now,
        "feedback": feedback.strip(),
        "updated_at": now,
    }
    if submission.acknowledged_at is None:
        changes |= {"acknowledged_by": actor, "acknowledged_at": now}
    _police_update(submission, expected_version, **changes)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=submission,
        detail={
            "reference": submission.reference,
            "status": status,
            "feedback": bool(submission.feedback),
        },
    )
    evidence_log.police_status(actor=actor, submission=submission, request=request)
    return submission


# --- links between people of concern ------------------------------------------------------------


def _decide(
    *,
    actor: Any,
    decisions: list[tuple[str, Mention, Mention]],
    reason: str,
    person: PersonOfConcern,
    request: HttpRequest | None,
) -> None:
    for mention in {m for _, a, b in decisions for m in (a, b)}:
        require(actor, Action.ANALYSE_INTELLIGENCE, record=mention, request=request)
    if not reason.strip():
        raise ValidationError({"reason": "Say why, for the next analyst."})
    now = timezone.now()
    LinkDecision.objects.bulk_create(
        LinkDecision(
            mention_a=a,
            mention_b=b,
            kind=kind,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=now,
        )
        for kind, a, b in decisions
    )
    linking.apply_decisions()
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=person,
        detail={
            "decisions": [f"{kind} {a.pk} {b.pk}" for kind, a, b in decisions],
        },
    )


@atomic_action
def confirm_person(
    *,
    actor: Any,
    person: PersonOfConcern,
    mentions: Sequence[Mention],
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    """ "These reports are one person": kept together through every later re-link."""
    require(actor, Action.ANALYSE_INTELLIGENCE, request=request)
    mentions = list(mentions)
    if len(mentions) < 2:
        raise ValidationError({"mentions": "There is only one report to confirm."})
    first = mentions[0]
    _decide(
        actor=actor,
        decisions=[(Kind.SAME, first, m) for m in mentions[1:]],
        reason=reason,
        person=person,
        request=request,
    )


@atomic_action
def split_person(
    *,
    actor: Any,
    person: PersonOfConcern,
    stay: Sequence[Mention],
    leave: Sequence[Mention],
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    """ "These reports are someone else": the two groups are kept apart from now on."""
    require(actor, Action.ANALYSE_INTELLIGENCE, request=request)
    stay, leave = list(stay), list(leave)
    if not stay or not leave:
        raise ValidationError(
            {"leave": "Choose the reports that are about someone else, and leave at least one."}
        )
    by_id = {str(m.pk): m for m in [*stay, *leave]}
    decisions = split([str(m.pk) for m in stay], [str(m.pk) for m in leave])
    _decide(
        actor=actor,
        decisions=[(d.kind.value, by_id[d.a], by_id[d.b]) for d in decisions],
        reason=reason,
        person=person,
        request=request,
    )


@atomic_action
def link_people(
    *,
    actor: Any,
    person: PersonOfConcern,
    mention: Mention,
    other: Mention,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    """ "This person is the same as that one": one decision joining a report of each."""
    require(actor, Action.ANALYSE_INTELLIGENCE, request=request)
    _decide(
        actor=actor,
        decisions=[(Kind.SAME, mention, other)],
        reason=reason,
        person=person,
        request=request,
    )


@atomic_action
def start_relink(*, actor: Any, request: HttpRequest | None = None) -> RelinkRun:
    """Queue a full re-link as background work (``manage.py db_worker`` runs it)."""
    require(actor, Action.ANALYSE_INTELLIGENCE, request=request)
    running = RelinkRun.objects.filter(
        status__in=[RelinkRun.Status.QUEUED, RelinkRun.Status.RUNNING]
    ).first()
    if running is not None:
        return running
    run = RelinkRun.objects.create(
        started_by=actor,
        total=Mention.objects.count(),
        people_before=PersonOfConcern.objects.count(),
    )
    record(
        action=AuditAction.CREATE, actor=actor, request=request, obj=run, detail={"relink": True}
    )
    result = relink_everything.enqueue(run.pk)
    RelinkRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run
