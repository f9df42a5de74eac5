"""Reads of partnership intelligence, each scoped to the acting person and audited.

Two sides, never mixed:

* **the worker's side** (caseworkers who may open the family): the submissions written about a
  family, in full, with the force's status and feedback;
* **the police side** (analysts of the force a submission was sent to): the frozen police copy
  of each submission sent to their force, the people of concern linked across the cases their
  force has received, and the network drawn from them. Children appear only by the force's
  pseudonym; nothing on this side reads a child's, carer's or family's name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.intelligence.models import (
    ChildPseudonym,
    Entity,
    LinkDecision,
    Mention,
    PersonOfConcern,
    RelinkRun,
    Submission,
)
from relsafe.intelligence.sanitise import age_on

# --- the worker's side ---------------------------------------------------------------------------


def family_submissions(*, user: Any, family: Family, opened: bool = False) -> list[Submission]:
    """What was written about this family for the police. ``opened``: the caller has opened the
    family through ``cases.selectors.get_family`` (which checked the route and audited the read),
    so only the kind of work is asked again."""
    if not policy.can(user, Action.VIEW_SENT_INTELLIGENCE, family=None if opened else family):
        return []
    return list(
        Submission.objects.filter(family=family)
        .select_related("force", "created_by", "sent_by")
        .order_by("-created_at", "-pk")
    )


def get_worker_submission(*, user: Any, pk: int, request: HttpRequest | None = None) -> Submission:
    """One submission in full, for the workers of its family (404 for anyone else)."""
    submission = (
        Submission.objects.filter(
            family__in=policy.families_for(user, Action.VIEW_SENT_INTELLIGENCE), pk=pk
        )
        .select_related("family", "force", "created_by", "sent_by", "basis_decided_by")
        .prefetch_related("young_people", "entities")
        .first()
    )
    if submission is None:
        raise policy.not_found(
            user,
            Action.VIEW_SENT_INTELLIGENCE,
            object_type="intelligence.submission",
            object_id=pk,
            request=request,
        )
    reason = policy.access_reason(user, submission.family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=submission,
        reason=reason.value if reason else "",
    )
    return submission


def worker_submissions(user: Any) -> QuerySet[Submission]:
    """Every submission this person may read in full: those about the families they work with
    (the API's list; each family's page asks ``family_submissions``). Not audited here: the
    caller audits the list it shows."""
    if not policy.can(user, Action.VIEW_SENT_INTELLIGENCE):
        return Submission.objects.none()
    return Submission.objects.filter(
        family__in=policy.families_for(user, Action.VIEW_SENT_INTELLIGENCE)
    ).select_related("force")


def family_people_of_concern(*, user: Any, family: Family) -> list[Mention]:
    """The people of concern named in what this family's workers sent to the police, as the
    worker wrote them (one row per report naming them): what a worker may link a suspect in the
    family's criminal justice case to. Workers never see the force's people of concern, which
    join other families' reports; an empty list for anyone who may not see what was sent."""
    if not policy.can(user, Action.VIEW_SENT_INTELLIGENCE, family=family):
        return []
    return list(
        Mention.objects.filter(submission__family=family, submission__sent_at__isnull=False)
        .select_related("submission")
        .order_by("-submission__sent_at", "pk")
    )


def mention_label(mention: Mention) -> str:
    """A worker's label for one person in one of their family's reports."""
    who = person_label([mention])
    sent = mention.submission.sent_at
    when = f", sent {timezone.localtime(sent):%-d %B %Y}" if sent else ""
    return f"{who} in {mention.submission.reference}{when}"


@dataclass
class WorkerEntities:
    """A draft's entity rows arranged as the form and the worker's page show them."""

    people: list[dict[str, Any]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    vehicles: list[tuple[str, str, str]] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    times: list[str] = field(default_factory=list)


_OWN_FIELDS: dict[str, Any] = {
    Entity.Kind.PHONE: lambda e: {"phone": e.value},
    Entity.Kind.VEHICLE: lambda e: {"plate": e.value, "colour": e.colour, "make": e.make},
    Entity.Kind.HANDLE: lambda e: {"handle": e.value},
}


def _loose(out: WorkerEntities, e: Entity) -> None:
    """An entity that belongs to no person, into its list."""
    if e.kind == Entity.Kind.PHONE:
        out.phones.append(e.value)
    elif e.kind == Entity.Kind.VEHICLE:
        out.vehicles.append((e.value, e.colour, e.make))
    elif e.kind == Entity.Kind.HANDLE:
        out.handles.append(e.value)
    elif e.kind == Entity.Kind.PLACE:
        out.places.append((e.value, e.postcode))
    elif e.kind == Entity.Kind.TIME:
        out.times.append(e.value)


def worker_entities(submission: Submission) -> WorkerEntities:
    out = WorkerEntities()
    entities = list(submission.entities.all())
    blank = dict.fromkeys(("phone", "plate", "colour", "make", "handle"), "")
    people: dict[int, dict[str, Any]] = {
        e.pk: {
            "name": e.name,
            "nickname": e.nickname,
            "age_estimate": e.age_estimate,
            "gender": e.gender,
            "description": e.description,
            **blank,
        }
        for e in entities
        if e.kind == Entity.Kind.PERSON
    }
    for e in entities:
        owner = people.get(e.person_id) if e.person_id else None
        if owner is not None and e.kind in _OWN_FIELDS:
            owner.update(_OWN_FIELDS[e.kind](e))
        elif e.kind != Entity.Kind.PERSON:
            _loose(out, e)
    out.people = list(people.values())
    return out


# --- the police side -----------------------------------------------------------------------------


def received(user: Any) -> QuerySet[Submission]:
    """Every submission sent to this person's force; nothing for anyone else."""
    if not policy.can(user, Action.RECEIVE_INTELLIGENCE):
        return Submission.objects.none()
    return Submission.objects.filter(force_id=user.organisation_id, sent_at__isnull=False)


QUEUE_TABS: list[tuple[str, str]] = [
    ("", "All"),
    *[(s.value, s.label) for s in Submission.Status if s != Submission.Status.DRAFT],
]


@dataclass
class Queue:
    submissions: list[Submission]
    counts: dict[str, int]
    status: str


def force_queue(*, user: Any, status: str = "", request: HttpRequest | None = None) -> Queue:
    """The force's queue, newest first, by status; the read is audited."""
    base = received(user)
    counts = {row["status"]: row["n"] for row in base.values("status").annotate(n=Count("pk"))}
    counts[""] = sum(counts.values())
    shown = base.filter(status=status) if status else base
    submissions = list(shown.select_related("sent_by").order_by("-sent_at", "-pk")[:500])
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="intelligence.queue",
        object_id=str(user.organisation_id or ""),
        detail={"status": status or "all", "shown": len(submissions)},
    )
    return Queue(submissions=submissions, counts=counts, status=status)


def new_for_force(user: Any) -> int:
    """How many submissions wait for acknowledgement (the start page's panel)."""
    return received(user).filter(status=Submission.Status.NEW).count()


def get_police_submission(
    *, user: Any, pk: int, request: HttpRequest | None = None, export: str = ""
) -> Submission:
    """A submission sent to the person's force (404 otherwise); the view or export is audited."""
    submission = received(user).filter(pk=pk).select_related("force").first()
    if submission is None:
        raise policy.not_found(
            user,
            Action.RECEIVE_INTELLIGENCE,
            object_type="intelligence.submission",
            object_id=pk,
            request=request,
        )
    record(
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        actor=user,
        request=request,
        obj=submission,
        family_id=submission.family_id,
        reason="sent to their force",
        detail={"format": export} if export else None,
    )
    return submission


@dataclass
class Seen:
    """ "Also reported in N other cases" for one person or identifier in a submission."""

    other_cases: int
    person_id: int | None = None


def also_reported(*, user: Any, submission: Submission) -> dict[int, Seen]:
    """For each person of concern, phone, vehicle and handle in a submission (by entity pk), in
    how many *other* cases the force has received reports of the same person or value. Only
    cases whose submissions reached this force count: a force learns nothing of another's."""
    theirs = received(user)
    out: dict[int, Seen] = {}
    mentions = list(Mention.objects.filter(submission=submission).values("entity_id", "person_id"))
    person_ids = {m["person_id"] for m in mentions if m["person_id"]}
    families_by_person: dict[int, set[int]] = defaultdict(set)
    for person_id, family_id in Mention.objects.filter(
        person_id__in=person_ids, submission__in=theirs
    ).values_list("person_id", "submission__family_id"):
        families_by_person[person_id].add(family_id)
    for m in mentions:
        others = families_by_person.get(m["person_id"], set()) - {submission.family_id}
        out[m["entity_id"]] = Seen(other_cases=len(others), person_id=m["person_id"])
    identifiers = list(
        submission.entities.filter(
            kind__in=[Entity.Kind.PHONE, Entity.Kind.VEHICLE, Entity.Kind.HANDLE]
        )
        .exclude(key="")
        .values("pk", "kind", "key")
    )
    wanted = Q()
    for e in identifiers:
        wanted |= Q(kind=e["kind"], key=e["key"])
    families_by_value: dict[tuple[str, str], set[int]] = defaultdict(set)
    if identifiers:
        for kind, key, family_id in (
            Entity.objects.filter(wanted, submission__in=theirs)
            .exclude(submission__family_id=submission.family_id)
            .values_list("kind", "key", "submission__family_id")
        ):
            families_by_value[(kind, key)].add(family_id)
    for e in identifiers:
        out[e["pk"]] = Seen(other_cases=len(families_by_value.get((e["kind"], e["key"]), ())))
    return out


def force_people(user: Any) -> QuerySet[PersonOfConcern]:
    """The people of concern this person's force has received reports of (analysts only);
    the caller audits the list it shows."""
    if not policy.can(user, Action.ANALYSE_INTELLIGENCE):
        return PersonOfConcern.objects.none()
    return PersonOfConcern.objects.filter(
        pk__in=Mention.objects.filter(submission__in=received(user)).values("person_id")
    )


def police_mentions(user: Any, people: Iterable[PersonOfConcern]) -> dict[int, list[Mention]]:
    """Each person's mentions in reports sent to this person's force, oldest first."""
    out: dict[int, list[Mention]] = defaultdict(list)
    for mention in (
        Mention.objects.filter(person__in=list(people), submission__in=received(user))
        .select_related("submission")
        .order_by("submission__occurred_on", "pk")
    ):
        if mention.person_id is not None:
            out[mention.person_id].append(mention)
    return out


def person_label(mentions: Iterable[Mention]) -> str:
    """What analysts call a person: the commonest nickname, else the commonest name."""
    mentions = list(mentions)
    nicknames = Counter(m.nickname.strip() for m in mentions if m.nickname.strip())
    names = Counter(m.name.strip() for m in mentions if m.name.strip())
    nick = nicknames.most_common(1)[0][0] if nicknames else ""
    name = names.most_common(1)[0][0] if names else ""
    if nick and name:
        return f"“{nick}” ({name})"
    if nick:
        return f"“{nick}”"
    return name or "Unnamed person"


@dataclass
class PersonView:
    person: PersonOfConcern
    label: str
    mentions: list[Mention]
    cases: int
    decisions: list[LinkDecision]
    candidates: list[tuple[PersonOfConcern, str, str]]  # person, label, why


def get_person(*, user: Any, pk: int, request: HttpRequest | None = None) -> PersonView:
    """A person of concern as the force knows them: only the reports sent to this force."""
    theirs = received(user)
    mentions = list(
        Mention.objects.filter(person_id=pk, submission__in=theirs)
        .select_related("submission", "person")
        .order_by("submission__occurred_on", "pk")
    )
    if not mentions or not policy.can(user, Action.ANALYSE_INTELLIGENCE):
        raise policy.not_found(
            user,
            Action.ANALYSE_INTELLIGENCE,
            object_type="intelligence.personofconcern",
            object_id=pk,
            request=request,
        )
    person = mentions[0].person
    if person is None:  # the rows were filtered on person_id; this cannot happen
        raise Http404("Not found")
    ids = [m.pk for m in mentions]
    decisions = list(
        LinkDecision.objects.filter(Q(mention_a_id__in=ids) | Q(mention_b_id__in=ids))
        .select_related("decided_by")
        .order_by("-decided_at")
    )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=person,
        detail={"reports": len(mentions)},
    )
    return PersonView(
        person=person,
        label=person_label(mentions),
        mentions=mentions,
        cases=len({m.submission.family_id for m in mentions}),
        decisions=decisions,
        candidates=_candidates(theirs, person, mentions),
    )


def _candidates(
    theirs: QuerySet[Submission], person: PersonOfConcern, mentions: list[Mention]
) -> list[tuple[PersonOfConcern, str, str]]:
    """Other people this force knows who share a nickname, a name or an identifier: "possibly
    the same as…", for the analyst to confirm or leave (the engine is cautious about names)."""
    nicknames = {m.nickname.strip().lower() for m in mentions if m.nickname.strip()}
    names = {m.name.strip().lower() for m in mentions if m.name.strip()}
    query = Q()
    for nick in nicknames:
        query |= Q(nickname__iexact=nick)
    for name in names:
        query |= Q(name__iexact=name)
    if not query:
        return []
    others = (
        Mention.objects.filter(query, submission__in=theirs, person__isnull=False)
        .exclude(person=person)
        .select_related("person")
    )
    by_person: dict[int, list[Mention]] = defaultdict(list)
    for m in others:
        by_person[m.person_id].append(m)  # type: ignore[index]
    out = []
    for group in list(by_person.values())[:10]:
        why = (
            "same nickname"
            if any(m.nickname.strip().lower() in nicknames for m in group)
            else ("same name")
        )
        if group[0].person is not None:
            out.append((group[0].person, person_label(group), why))
    return out


def analyst_mentions(*, user: Any, pks: Iterable[int]) -> list[Mention]:
    """Mentions by pk, only from submissions sent to the person's force."""
    return list(
        Mention.objects.filter(pk__in=list(pks), submission__in=received(user)).order_by("pk")
    )


def latest_relink(user: Any) -> RelinkRun | None:
    if not policy.can(user, Action.ANALYSE_INTELLIGENCE):
        return None
    return RelinkRun.objects.select_related("started_by").first()


def get_relink(*, user: Any, pk: int, request: HttpRequest | None = None) -> RelinkRun:
    run = (
        RelinkRun.objects.filter(pk=pk).first()
        if policy.can(user, Action.ANALYSE_INTELLIGENCE)
        else None
    )
    if run is None:
        raise policy.not_found(
            user,
            Action.ANALYSE_INTELLIGENCE,
            object_type="intelligence.relinkrun",
            object_id=pk,
            request=request,
        )
    return run


# --- children, as the force knows them ------------------------------------------------------------


def child_labels(user: Any, submissions: Iterable[Submission]) -> dict[int, list[str]]:
    """For each submission, the pseudonyms of the children it is about ("Child A, 14", age
    today), read from the force's pseudonyms: never from the children's names."""
    force_id = user.organisation_id
    subs = list(submissions)
    links = Submission.young_people.through.objects.filter(
        submission_id__in=[s.pk for s in subs]
    ).values_list("submission_id", "youngperson_id")
    pseudonyms = {
        p.young_person_id: p
        for p in ChildPseudonym.objects.filter(
            force_id=force_id, young_person_id__in={yp for _, yp in links}
        ).select_related("young_person")
    }
    today = timezone.localdate()
    out: dict[int, list[str]] = defaultdict(list)
    for submission_id, yp in links:
        p = pseudonyms.get(yp)
        if p is not None:
            out[submission_id].append(f"{p.label}, {age_on(p.young_person, today)}")
    return out


def today() -> dt.date:
    return timezone.localdate()
