"""The network map for a force's analysts: people of concern, phones, vehicles, handles, places
and children (pseudonymised), linked as the submissions sent to that force link them.

Built from the force's own rows only (``selectors.received``). Children are nodes by their
pseudonym as this force knows them; no name of a child, carer or family is read here. Rankings
use networkx per connected group of the map, with each measure named in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.http import HttpRequest
from django.utils import timezone

from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.core.contact_details import display_phone
from relsafe.intelligence.models import ChildPseudonym, Entity, Mention, Submission
from relsafe.intelligence.sanitise import age_on
from relsafe.intelligence.selectors import person_label, received

KIND_LABELS = {
    "person": "Person of concern",
    "phone": "Phone",
    "vehicle": "Vehicle",
    "handle": "Social media handle",
    "place": "Place",
    "child": "Child (pseudonymised)",
}


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area: str = ""  # a postcode district, "NB1"
    offence: str = ""

    def as_detail(self) -> dict[str, str]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "area": self.area,
            "offence": self.offence,
        }


@dataclass
class Node:
    id: str
    kind: str
    label: str
    reports: set[int] = field(default_factory=set)
    detail: str = ""
    pk: int | None = None  # a person of concern's pk, for the link to their page

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class Ranked:
    node: Node
    children: int
    bridging: float
    links: int


@dataclass
class Component:
    number: int
    size: int
    children: int
    ranking: list[Ranked]


@dataclass
class Hotspot:
    node: Node
    children: int
    reports: int


@dataclass
class Network:
    filters: Filters
    nodes: dict[str, Node]
    edges: dict[tuple[str, str], set[int]]
    submissions: list[Submission]
    components: list[Component]
    hotspots: list[Hotspot]
    areas: list[str]

    def of_kind(self, kind: str) -> list[Node]:
        return sorted(
            (n for n in self.nodes.values() if n.kind == kind),
            key=lambda n: (-len(n.reports), n.label),
        )

    def linked(self, node_id: str) -> list[Node]:
        """Every node linked to this one, by kind then name."""
        if not hasattr(self, "_adjacent"):
            adjacent: dict[str, list[str]] = defaultdict(list)
            for a, b in self.edges:
                adjacent[a].append(b)
                adjacent[b].append(a)
            self._adjacent = adjacent
        return sorted(
            (self.nodes[n] for n in self._adjacent.get(node_id, [])),
            key=lambda n: (n.kind, n.label),
        )

    def links(self) -> list[tuple[Node, Node, int]]:
        return sorted(
            ((self.nodes[a], self.nodes[b], len(r)) for (a, b), r in self.edges.items()),
            key=lambda t: (t[0].kind, t[0].label, t[1].label),
        )

    def elements(self) -> dict[str, list[dict[str, Any]]]:
        """Cytoscape.js elements, as the relationship map's."""
        nodes = [
            {"data": {"id": n.id, "label": n.label, "group": n.kind, "reports": len(n.reports)}}
            for n in self.nodes.values()
        ]
        edges = [
            {"data": {"id": f"{a}~{b}", "source": a, "target": b, "weight": len(r)}}
            for (a, b), r in self.edges.items()
        ]
        return {"nodes": nodes, "edges": edges}

    @property
    def summary(self) -> str:
        counts = Counter(n.kind for n in self.nodes.values())
        return (
            f"Network of {counts['person']} people of concern, {counts['child']} children, "
            f"{counts['place']} places, {counts['phone']} phones and {counts['vehicle']} vehicles "
            f"from {len(self.submissions)} reports. The same information is in the tables below."
        )


def _area(postcode: str) -> str:
    return postcode.split()[0] if postcode else ""


def areas_for(user: Any) -> list[str]:
    """The postcode districts named in the force's reports (the area filter's choices)."""
    return sorted(
        {
            _area(p)
            for p in Entity.objects.filter(submission__in=received(user), kind=Entity.Kind.PLACE)
            .exclude(postcode="")
            .values_list("postcode", flat=True)
        }
    )


def _filtered(user: Any, filters: Filters) -> list[Submission]:
    subs = received(user)
    if filters.date_from:
        subs = subs.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        subs = subs.filter(occurred_on__lte=filters.date_to)
    if filters.offence:
        subs = subs.filter(offence=filters.offence)
    if filters.area:
        subs = subs.filter(
            entities__kind=Entity.Kind.PLACE, entities__postcode__startswith=filters.area + " "
        ).distinct()
    return list(subs.order_by("occurred_on", "pk"))


def _label(e: Entity) -> str:
    """How a phone, vehicle, handle or place is shown on the map and in its tables."""
    if e.kind == Entity.Kind.PHONE:
        return display_phone(e.key) if e.key.startswith("+") else e.value
    if e.kind == Entity.Kind.VEHICLE:
        return " ".join(p for p in (e.value, e.colour, e.make) if p) or "Vehicle"
    if e.kind == Entity.Kind.PLACE and e.postcode and e.postcode not in e.value:
        return f"{e.value}, {e.postcode}"
    return e.value


class _Builder:
    """Nodes and links of one force's network, built report by report."""

    def __init__(self, force_id: int, submissions: list[Submission]) -> None:
        self.force_id = force_id
        self.ids = [s.pk for s in submissions]
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.children_of: dict[int, list[str]] = defaultdict(list)
        self.place_of: dict[int, list[str]] = defaultdict(list)
        self.person_node: dict[int, str] = {}

    def node(self, node_id: str, kind: str, label: str, report: int, **extra: Any) -> str:
        n = self.nodes.get(node_id)
        if n is None:
            n = self.nodes[node_id] = Node(id=node_id, kind=kind, label=label, **extra)
        n.reports.add(report)
        return node_id

    def link(self, a: str, b: str, report: int) -> None:
        self.edges[(a, b) if a < b else (b, a)].add(report)

    def children(self) -> None:
        """Children by the force's pseudonyms ("Child A, 14", age today)."""
        links = Submission.young_people.through.objects.filter(
            submission_id__in=self.ids
        ).values_list("submission_id", "youngperson_id")
        pseudonyms = {
            p.young_person_id: p
            for p in ChildPseudonym.objects.filter(force_id=self.force_id).select_related(
                "young_person"
            )
        }
        today = timezone.localdate()
        for submission_id, yp in links:
            p = pseudonyms.get(yp)
            if p is not None:
                label = f"{p.label}, {age_on(p.young_person, today)}"
                self.children_of[submission_id].append(
                    self.node(f"child-{p.number}", "child", label, submission_id)
                )

    def people(self) -> list[Mention]:
        mentions = list(Mention.objects.filter(submission_id__in=self.ids))
        by_person: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.person_id:
                by_person[m.person_id].append(m)
        for person_id, group in by_person.items():
            label = person_label(group)
            for m in group:
                self.person_node[m.entity_id] = self.node(
                    f"person-{person_id}", "person", label, m.submission_id, pk=person_id
                )
        return mentions

    def things(self) -> None:
        """Phones, vehicles, handles and places: a person's own are linked to them; others to
        the children of the report (places to its people, below)."""
        entities = Entity.objects.filter(submission_id__in=self.ids).exclude(
            kind__in=[Entity.Kind.PERSON, Entity.Kind.TIME]
        )
        for e in entities:
            sid = e.submission_id
            nid = self.node(f"{e.kind}-{e.key or e.pk}", e.kind, _label(e), sid)
            owner = self.person_node.get(e.person_id) if e.person_id else None
            if owner:
                self.link(owner, nid, sid)
            elif e.kind == Entity.Kind.PLACE:
                self.place_of[sid].append(nid)
            else:
                for child in self.children_of.get(sid, []):
                    self.link(child, nid, sid)

    def together(self, mentions: list[Mention]) -> None:
        """People, children and places named in one report are linked to each other."""
        for m in mentions:
            pid = self.person_node.get(m.entity_id)
            if pid is None:
                continue
            for other in self.children_of.get(m.submission_id, []) + self.place_of.get(
                m.submission_id, []
            ):
                self.link(pid, other, m.submission_id)
        for sid, places in self.place_of.items():
            for place in places:
                for child in self.children_of.get(sid, []):
                    self.link(child, place, sid)


def build(
    *, user: Any, filters: Filters, request: HttpRequest | None = None, export: str = ""
) -> Network:
    """The force's network under the filters; every view and export is audited."""
    submissions = _filtered(user, filters)
    b = _Builder(user.organisation_id, submissions)
    b.children()
    mentions = b.people()
    b.things()
    b.together(mentions)
    edges = dict(b.edges)
    network = Network(
        filters=filters,
        nodes=b.nodes,
        edges=edges,
        submissions=submissions,
        components=_components(b.nodes, edges),
        hotspots=_hotspots(b.nodes, edges),
        areas=areas_for(user),
    )
    record(
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="intelligence.network",
        object_id=str(user.organisation_id or ""),
        detail={
            **filters.as_detail(),
            "reports": len(submissions),
            **({"format": export} if export else {}),
        },
    )
    return network


def _components(nodes: dict[str, Node], edges: dict[tuple[str, str], set[int]]) -> list[Component]:
    """Per connected group: who connects the most children (children linked to them directly),
    then who bridges the group (betweenness: how often they lie on the shortest path between two
    others in it)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    out: list[Component] = []
    groups = sorted(nx.connected_components(graph), key=len, reverse=True)
    for number, members in enumerate(groups, start=1):
        people = [m for m in members if nodes[m].kind == "person"]
        if not people:
            continue
        sub = graph.subgraph(members)
        between = nx.betweenness_centrality(sub, normalized=True) if len(members) > 2 else {}
        ranking = [
            Ranked(
                node=nodes[p],
                children=sum(1 for n in sub.neighbors(p) if nodes[n].kind == "child"),
                bridging=round(between.get(p, 0.0), 2),
                links=sub.degree(p),
            )
            for p in people
        ]
        ranking.sort(key=lambda r: (-r.children, -r.bridging, -r.links, r.node.label))
        out.append(
            Component(
                number=len(out) + 1,
                size=len(members),
                children=sum(1 for m in members if nodes[m].kind == "child"),
                ranking=ranking,
            )
        )
        del number
    return out


def _hotspots(nodes: dict[str, Node], edges: dict[tuple[str, str], set[int]]) -> list[Hotspot]:
    """Places by how many children are linked to them, then by how many reports name them."""
    children: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        for place, other in ((a, b), (b, a)):
            if nodes[place].kind == "place" and nodes[other].kind == "child":
                children[place].add(other)
    spots = [
        Hotspot(node=n, children=len(children[n.id]), reports=len(n.reports))
        for n in nodes.values()
        if n.kind == "place"
    ]
    spots.sort(key=lambda h: (-h.children, -h.reports, h.node.label))
    return spots
