"""Reads of relationship maps. Every function that takes a family starts from
``relsafe.cases.selectors.get_family`` (which 404s for anyone without a route to it and audits the
read), then audits what on the map was read and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.cases.selectors import get_family
from relsafe.relationships.models import (
    PLACE_KINDS,
    Connection,
    ConnectionHistory,
    Feeling,
    Kind,
    Quality,
    SaidBy,
)

MAP_OBJECT_TYPE = "relationships.map"
COMPARED_FIELDS: list[tuple[str, str]] = [
    ("kind", "Kind"),
    ("name", "Name"),
    ("known_as", "Known as"),
    ("relationship", "Who they are"),
    ("quality", "Quality of tie"),
    ("said_by", "Who said so"),
    ("is_trusted_adult", "Trusted adult"),
    ("feeling", "How the place feels"),
    ("notes", "Notes"),
]
_LABELS: dict[str, dict[str, str]] = {
    "kind": dict(Kind.choices),
    "quality": dict(Quality.choices),
    "said_by": dict(SaidBy.choices),
    "feeling": dict(Feeling.choices),
}


def _reason(user: User, family: Family) -> str:
    reason = policy.access_reason(user, family)
    return reason.value if reason else ""


# What a partner organisation sees of a map when the share covers "people of concern only".
CONCERN_KINDS = frozenset({Kind.PERSON_OF_CONCERN, Kind.VEHICLE})


def concern_only(user: User, family: Family) -> bool:
    """True when this person sees only the map's people (and vehicles) of concern: a partner
    organisation, never those working with the family (access/sections.py)."""
    return not policy.sees(user, family, Section.CASEWORK)


def _seen(user: User, family: Family, ties: list[Connection]) -> list[Connection]:
    if concern_only(user, family):
        return [c for c in ties if c.kind in CONCERN_KINDS]
    return ties


def get_young_person(
    *, user: User, family_pk: int, young_person_pk: int, request: HttpRequest | None = None
) -> YoungPerson:
    """A young person in a family this person may open, or 404; a partner organisation needs a
    share covering who the child is and the map's people of concern."""
    family = get_family(user=user, pk=family_pk, request=request)
    young_person = next((yp for yp in family.young_people.all() if yp.pk == young_person_pk), None)
    shown = policy.visible_sections(user, family)
    if not {Section.IDENTITY, Section.PEOPLE_OF_CONCERN} <= shown:
        young_person = None
    if young_person is None:
        raise policy.not_found(
            user,
            Action.VIEW_MAP,
            object_type="cases.youngperson",
            object_id=young_person_pk,
            family=family,
            request=request,
        )
    young_person.family = family
    return young_person


def _order(connections: list[Connection]) -> list[Connection]:
    """Trusted adults first, then by how strong the tie is, then by name: how a worker reads a map."""
    rank = {value: i for i, value in enumerate(Quality.values)}
    return sorted(
        connections, key=lambda c: (not c.is_trusted_adult, rank.get(c.quality, 9), c.name.lower())
    )


@dataclass
class YoungPersonMap:
    """Everything the map page shows, drawn and tabulated from the same list."""

    young_person: YoungPerson
    connections: list[Connection]
    ended: list[Connection] = field(default_factory=list)
    on: dt.date | None = None

    @property
    def family(self) -> Family:
        return self.young_person.family

    @property
    def people(self) -> list[Connection]:
        return _order([c for c in self.connections if c.kind not in PLACE_KINDS])

    @property
    def places(self) -> list[Connection]:
        return _order([c for c in self.connections if c.kind in PLACE_KINDS])

    @property
    def trusted_adults(self) -> list[Connection]:
        return [c for c in self.people if c.is_trusted_adult]

    @property
    def summary(self) -> str:
        """What a screen reader hears for the drawn map; the tables carry the detail."""
        name = self.young_person.display_name
        people, places = len(self.people), len(self.places)
        parts = [
            f"Relationship map for {name}: {people} {'person' if people == 1 else 'people'} "
            f"and {places} {'place' if places == 1 else 'places'}."
        ]
        trusted = ", ".join(c.name for c in self.trusted_adults)
        parts.append(f"Trusted adult: {trusted}." if trusted else "No trusted adult recorded.")
        harmful = [c.name for c in self.connections if c.quality == Quality.HARMFUL]
        if harmful:
            parts.append(f"Harmful ties: {', '.join(harmful)}.")
        unsafe = [c.name for c in self.places if c.feeling == Feeling.UNSAFE]
        if unsafe:
            parts.append(f"Places that feel unsafe: {', '.join(unsafe)}.")
        parts.append("The same information is in the tables below the map.")
        return " ".join(parts)

    def elements(self) -> dict[str, Any]:
        """Cytoscape.js elements: the young person at the centre, one edge to each tie."""
        centre = "yp"
        nodes: list[dict[str, Any]] = [
            {"data": {"id": centre, "label": self.young_person.display_name, "group": "centre"}}
        ]
        edges: list[dict[str, Any]] = []
        for c in self.connections:
            node_id = f"c{c.pk}"
            if c.is_place:
                group = "place"
                extra = c.get_feeling_display().lower()
            elif c.kind == Kind.VEHICLE:
                group, extra = "vehicle", "vehicle of concern"
            elif c.kind == Kind.PERSON_OF_CONCERN:
                group, extra = "concern", "person of concern"
            elif c.kind == Kind.PEER_GROUP:
                group, extra = "group", "peer group"
            else:
                group, extra = "person", ""
            label = c.known_as or c.name
            if c.is_trusted_adult:
                label = f"★ Trusted adult\n{label}"
            elif extra:
                label = f"{label}\n({extra})"
            nodes.append(
                {
                    "data": {
                        "id": node_id,
                        "label": label,
                        "group": group,
                        "kind": c.kind,
                        "quality": c.quality,
                        "trusted": c.is_trusted_adult,
                        "feeling": c.feeling,
                    }
                }
            )
            edges.append(
                {
                    "data": {
                        "id": f"e{c.pk}",
                        "source": centre,
                        "target": node_id,
                        "quality": c.quality,
                    }
                }
            )
        return {"nodes": nodes, "edges": edges}


def map_for(
    *, user: User, family_pk: int, young_person_pk: int, request: HttpRequest | None = None
) -> YoungPersonMap:
    """The live map, with ended ties listed apart. Two queries beyond the family's own."""
    young_person = get_young_person(
        user=user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    all_ties = _seen(
        user, young_person.family, list(Connection.objects.filter(young_person=young_person))
    )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type=MAP_OBJECT_TYPE,
        object_id=str(young_person.pk),
        family_id=young_person.family_id,
        reason=_reason(user, young_person.family),
        detail={"ties": len(all_ties)},
    )
    return YoungPersonMap(
        young_person=young_person,
        connections=[c for c in all_ties if c.ended_at is None],
        ended=sorted(
            (c for c in all_ties if c.ended_at is not None),
            key=lambda c: c.ended_at or timezone.now(),
            reverse=True,
        ),
    )


def connection_for_change(
    *,
    user: User,
    family_pk: int,
    young_person_pk: int,
    connection_pk: int,
    request: HttpRequest | None = None,
) -> Connection:
    """One tie on a map this person may open, with its history, or 404."""
    young_person = get_young_person(
        user=user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    connection = (
        Connection.objects.filter(young_person=young_person, pk=connection_pk)
        .select_related("updated_by")
        .prefetch_related("history__changed_by")
        .first()
    )
    if connection is None:
        raise policy.not_found(
            user,
            Action.VIEW_MAP,
            object_type="relationships.connection",
            object_id=connection_pk,
            family=young_person.family,
            request=request,
        )
    connection.young_person = young_person
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=connection,
        family_id=young_person.family_id,
        reason=_reason(user, young_person.family),
    )
    return connection


def trusted_adults_for(*, young_person: YoungPerson) -> list[Connection]:
    """The young person's live trusted adults, for their profile page.

    The caller has already reached ``young_person`` through an access-checked, audited selector
    (the profile's own read), so this adds no audit entry of its own."""
    return list(
        Connection.objects.filter(
            young_person=young_person, is_trusted_adult=True, ended_at__isnull=True
        ).order_by("name", "pk")
    )


def trusted_adults_by_child(*, family: Any) -> list[tuple[YoungPerson, list[Connection]]]:
    """Each of the family's children with their live trusted adults, for the family page.

    As with ``trusted_adults_for``, the caller reached ``family`` through ``get_family`` (which
    audits the read), so no entry is added here."""
    children = list(family.young_people.all())
    adults: dict[int, list[Connection]] = {child.pk: [] for child in children}
    for tie in Connection.objects.filter(
        young_person__in=children, is_trusted_adult=True, ended_at__isnull=True
    ).order_by("name", "pk"):
        adults[tie.young_person_id].append(tie)
    return [(child, adults[child.pk]) for child in children]


def _from_snapshot(pk: int, young_person: YoungPerson, snapshot: dict[str, Any]) -> Connection:
    """An unsaved ``Connection`` as it was, so the same templates can show old and new maps."""
    values = {name: snapshot.get(name, "") for name, _ in COMPARED_FIELDS}
    values["is_trusted_adult"] = bool(snapshot.get("is_trusted_adult"))
    ended = snapshot.get("ended_at")
    connection = Connection(
        pk=pk,
        young_person=young_person,
        ended_at=dt.datetime.fromisoformat(ended) if ended else None,
        ended_reason=snapshot.get("ended_reason", ""),
        **values,
    )
    return connection


def _display(name: str, value: Any) -> str:
    if name == "is_trusted_adult":
        return "Yes" if value else "No"
    if name in _LABELS:
        return _LABELS[name].get(value, "") if value else "—"
    return str(value) if value else "—"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class TieChange:
    """One line of 'what changed since': a tie added, ended or changed."""

    change: str  # "added" | "ended" | "changed"
    connection: Connection
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class MapComparison:
    then: YoungPersonMap
    now: YoungPersonMap
    changes: list[TieChange]

    @property
    def added(self) -> list[TieChange]:
        return [c for c in self.changes if c.change == "added"]

    @property
    def ended(self) -> list[TieChange]:
        return [c for c in self.changes if c.change == "ended"]

    @property
    def changed(self) -> list[TieChange]:
        return [c for c in self.changes if c.change == "changed"]


def compare_map(
    *,
    user: User,
    family_pk: int,
    young_person_pk: int,
    on: dt.date,
    request: HttpRequest | None = None,
) -> MapComparison:
    """The map as it was at the end of ``on`` beside the live map, and what changed in between."""
    young_person = get_young_person(
        user=user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    tz = timezone.get_current_timezone()
    cutoff = dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    latest: dict[int, ConnectionHistory] = {}
    with_history: set[int] = set()
    for row in ConnectionHistory.objects.filter(young_person=young_person).order_by(
        "changed_at", "pk"
    ):
        with_history.add(row.connection_id)
        if row.changed_at < cutoff:
            latest[row.connection_id] = row
    then_ties = {
        pk: _from_snapshot(pk, young_person, row.snapshot)
        for pk, row in latest.items()
        if not row.snapshot.get("ended_at")
    }
    all_ties = _seen(
        user, young_person.family, list(Connection.objects.filter(young_person=young_person))
    )
    if concern_only(user, young_person.family):
        then_ties = {pk: t for pk, t in then_ties.items() if t.kind in CONCERN_KINDS}
    # A tie with no history (loaded from elsewhere) is taken to have looked as it does now since
    # it was created.
    for tie in all_ties:
        live_then = tie.ended_at is None or tie.ended_at >= cutoff
        if tie.pk not in with_history and tie.created_at < cutoff and live_then:
            then_ties[tie.pk] = tie
    now_ties = {c.pk: c for c in all_ties if c.ended_at is None}
    changes: list[TieChange] = []
    for pk, tie in now_ties.items():
        if pk not in then_ties:
            changes.append(TieChange("added", tie))
            continue
        old, new = then_ties[pk].snapshot(), tie.snapshot()
        diffs = [
            FieldChange(label, _display(name, old.get(name)), _display(name, new.get(name)))
            for name, label in COMPARED_FIELDS
            if old.get(name) != new.get(name)
        ]
        if diffs:
            changes.append(TieChange("changed", tie, diffs))
    changes.extend(TieChange("ended", tie) for pk, tie in then_ties.items() if pk not in now_ties)
    changes.sort(key=lambda c: (c.change, c.connection.name.lower()))
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type=MAP_OBJECT_TYPE,
        object_id=str(young_person.pk),
        family_id=young_person.family_id,
        reason=_reason(user, young_person.family),
        detail={"compared_with": on.isoformat()},
    )
    return MapComparison(
        then=YoungPersonMap(young_person=young_person, connections=list(then_ties.values()), on=on),
        now=YoungPersonMap(young_person=young_person, connections=list(now_ties.values())),
        changes=changes,
    )


def people_on_map(*, young_person: YoungPerson) -> list[Connection]:
    """The people, groups and vehicles on the child's map now, for the "add a person" page to offer
    before anyone is added twice (the child was opened, and the read audited, by its caller)."""
    return list(
        Connection.objects.filter(young_person=young_person, ended_at__isnull=True)
        .exclude(kind__in=PLACE_KINDS)
        .order_by("name", "pk")
    )
