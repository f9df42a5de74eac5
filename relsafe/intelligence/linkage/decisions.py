"""Analyst decisions: "these two mentions are the same person" and "these are different people".

Decisions are inputs to every link, full or incremental, never a patch on its output, so they
stick through every re-link. They are resolved newest first: a newer decision wins over an older
one it contradicts (the analyst changed their mind), and the older one is returned as superseded
so the page can say so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Kind(enum.StrEnum):
    SAME = "same"  # must-link: confirmed as one person
    DIFFERENT = "different"  # cannot-link: split, two different people


@dataclass(frozen=True, slots=True)
class Decision:
    """One analyst decision about two mentions. Give them oldest first to the linker."""

    kind: Kind
    a: str
    b: str


def split(group_a: Sequence[str], group_b: Sequence[str]) -> list[Decision]:
    """The decisions for "these mentions are one person and those are another".

    Each group is confirmed as one person and the two are kept apart, so a later re-link cannot put
    any mention of one back with the other.
    """
    out = [Decision(Kind.SAME, group_a[0], m) for m in group_a[1:]]
    out += [Decision(Kind.SAME, group_b[0], m) for m in group_b[1:]]
    if group_a and group_b:
        out.append(Decision(Kind.DIFFERENT, group_a[0], group_b[0]))
    return out


class _Groups:
    """Union-find over mention ids with "kept apart" edges between groups."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.apart: dict[str, set[str]] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        apart_b = self.apart.pop(rb, set())
        self.apart.setdefault(ra, set()).update(apart_b)
        for other in apart_b:
            peers = self.apart[other]
            peers.discard(rb)
            peers.add(ra)

    def keep_apart(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.apart.setdefault(ra, set()).add(rb)
        self.apart.setdefault(rb, set()).add(ra)

    def are_apart(self, a: str, b: str) -> bool:
        return self.find(b) in self.apart.get(self.find(a), ())


@dataclass(frozen=True)
class Constraints:
    """Resolved decisions: ``group`` maps a mention to its confirmed group's id (mentions with no
    SAME decision are absent), ``members`` lists each group, ``apart`` the groups kept apart."""

    group: dict[str, str]
    members: dict[str, list[str]]
    apart: dict[str, frozenset[str]]
    superseded: tuple[Decision, ...]

    def group_of(self, mention_id: str) -> str:
        return self.group.get(mention_id, mention_id)


def resolve(decisions: Iterable[Decision]) -> Constraints:
    """Resolve decisions given oldest first; a newer decision overrides an older contradicting one.

    A decision contradicts when it would put two mentions kept apart into one person, or keep apart
    two mentions already confirmed as one (directly or through other SAME decisions).
    """
    groups = _Groups()
    superseded: list[Decision] = []
    decisions_list = list(decisions)
    for decision in reversed(decisions_list):
        if decision.a == decision.b:
            if decision.kind is Kind.DIFFERENT:
                superseded.append(decision)
            continue
        if decision.kind is Kind.SAME:
            if groups.are_apart(decision.a, decision.b):
                superseded.append(decision)
            else:
                groups.union(decision.a, decision.b)
        else:
            if groups.find(decision.a) == groups.find(decision.b):
                superseded.append(decision)
            else:
                groups.keep_apart(decision.a, decision.b)
    group: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for decision in decisions_list:
        for mention in (decision.a, decision.b):
            if mention not in group:
                root = groups.find(mention)
                group[mention] = root
                members.setdefault(root, []).append(mention)
    apart = {
        groups.find(root): frozenset(groups.find(o) for o in others)
        for root, others in groups.apart.items()
        if others
    }
    return Constraints(
        group=group, members=members, apart=apart, superseded=tuple(reversed(superseded))
    )
