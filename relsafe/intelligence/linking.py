"""The linking engine's index in this process, kept in step with the database (docs/INTELLIGENCE.md).

The rows are the truth: each ``Mention`` holds the ``PersonOfConcern`` the engine placed it with,
and every analyst decision is a ``LinkDecision``. The engine's in-memory index (``Linker``) is a
cache of them, so a new submission is linked incrementally (``Linker.add``: well under a
millisecond a mention) rather than by a full re-link. It is rebuilt from the rows (a full
re-link, whose answer is then written back) whenever it may be stale:

* on a process's first use, after a restart;
* when the number of mentions differs from what this process last saw (another process added
  some) or ``LinkState.generation`` moved (another process applied a decision or re-linked).

Everything that changes the links runs inside the caller's transaction with ``LinkState`` locked,
and the index is kept only once that transaction commits: a rollback leaves no cached index, so
the next use rebuilds from the rows.

Only functions here talk to the engine; services call them after their own access checks.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from relsafe.intelligence import linkage
from relsafe.intelligence.linkage import Decision, Kind, Linker
from relsafe.intelligence.models import LinkDecision, LinkState, Mention, PersonOfConcern

_LOCK = threading.RLock()


@dataclass
class _Index:
    token: str
    generation: int
    mentions: int
    linker: Linker


_index: _Index | None = None


def forget_index() -> None:
    """Drop this process's index (tests; a restore): the next use rebuilds it from the rows."""
    global _index
    with _LOCK:
        _index = None


def to_engine(mention: Mention) -> linkage.Mention:
    return linkage.Mention(
        mention_id=str(mention.pk),
        case_ref=mention.case_ref,
        reported_on=mention.reported_on,
        name=mention.name,
        nickname=mention.nickname,
        age_estimate=mention.age_estimate,
        gender=mention.gender,
        phone=mention.phone,
        vehicle=mention.vehicle,
        vehicle_desc=mention.vehicle_desc,
        handle=mention.handle,
        location=mention.location,
        description=mention.description,
    )


def all_decisions() -> list[Decision]:
    """Every analyst decision, oldest first, as the engine takes them."""
    return [
        Decision(Kind(kind), str(a), str(b))
        for kind, a, b in LinkDecision.objects.order_by("decided_at", "pk").values_list(
            "kind", "mention_a_id", "mention_b_id"
        )
    ]


def _state() -> LinkState:
    LinkState.objects.get_or_create(pk=1)
    return LinkState.objects.select_for_update().get(pk=1)


def _persist(assignments: dict[str, str]) -> None:
    """Write the engine's person for each of these mentions; people left with no mention go."""
    if not assignments:
        return
    keys = set(assignments.values())
    existing = dict(
        PersonOfConcern.objects.filter(engine_key__in=keys).values_list("engine_key", "pk")
    )
    now = timezone.now()
    missing = [
        PersonOfConcern(engine_key=k, created_at=now, updated_at=now) for k in keys - set(existing)
    ]
    for person in PersonOfConcern.objects.bulk_create(missing):
        existing[person.engine_key] = person.pk
    by_person: dict[int, list[int]] = defaultdict(list)
    for mention_id, key in assignments.items():
        by_person[existing[key]].append(int(mention_id))
    for person_pk, mention_ids in by_person.items():
        Mention.objects.filter(pk__in=mention_ids).exclude(person_id=person_pk).update(
            person_id=person_pk
        )
    PersonOfConcern.objects.filter(pk__in=by_person).update(updated_at=now)
    PersonOfConcern.objects.filter(mentions__isnull=True).delete()


def _rebuild(
    *, exclude: Iterable[int] = (), progress: Callable[[int], None] | None = None
) -> Linker:
    """A full re-link of every stored mention (but ``exclude``), written back to the rows."""
    rows = Mention.objects.exclude(pk__in=list(exclude)).order_by("pk")
    linker = Linker.relink([to_engine(m) for m in rows], all_decisions(), progress=progress)
    _persist(linker.assignments())
    return linker


def _keep(linker: Linker, state: LinkState) -> None:
    """Cache the index once the transaction commits (never an index of rolled-back rows)."""
    count = Mention.objects.count()

    def keep() -> None:
        global _index
        with _LOCK:
            _index = _Index(
                token=state.token, generation=state.generation, mentions=count, linker=linker
            )

    transaction.on_commit(keep)


def _take_index(state: LinkState, *, expected_mentions: int, exclude: Iterable[int]) -> Linker:
    """This process's index if it is current, else a rebuilt one. The cache is emptied while
    the caller works on it, so a rollback cannot leave it ahead of the rows."""
    global _index
    with _LOCK:
        index, _index = _index, None
    if (
        index is not None
        and index.token == state.token
        and index.generation == state.generation
        and index.mentions == expected_mentions
    ):
        return index.linker
    return _rebuild(exclude=exclude)


@transaction.atomic
def link_new(mentions: list[Mention]) -> dict[int, linkage.LinkResult]:
    """Place newly stored mentions incrementally and write their person; returns the engine's
    result per mention pk. Call inside the transaction that created the rows."""
    with _LOCK:
        state = _state()
        new_ids = [m.pk for m in mentions]
        linker = _take_index(
            state,
            expected_mentions=Mention.objects.count() - len(new_ids),
            exclude=new_ids,
        )
        results = {m.pk: linker.add(to_engine(m)) for m in mentions}
        # An add may merge people (a mention bridging two), so every mention of the people
        # touched is written again.
        touched = {r.person_id for r in results.values()}
        people = linker.people()
        _persist(
            {mid: pid for pid in touched for mid in people.get(pid, [])}
            | {str(pk): r.person_id for pk, r in results.items()}
        )
        _keep(linker, state)
        return results


def _decide(linker: Linker, decisions: list[Decision]) -> tuple[set[str], list[str]]:
    """``linker.decide`` with the rows it needs (every mention of the people holding a mention
    any decision names); returns the people taken apart and the mentions placed again."""
    named = {d.a for d in decisions} | {d.b for d in decisions}
    people = linker.people()
    assignments = linker.assignments()
    holders = {assignments[m] for m in named if m in assignments}
    ids = [mid for pid in holders for mid in people.get(pid, [])]
    rows = {str(m.pk): to_engine(m) for m in Mention.objects.filter(pk__in=ids)}
    return linker.decide(decisions, rows), ids


@transaction.atomic
def apply_decisions() -> set[str]:
    """Apply the stored decisions now (after one was added): the people holding any mention a
    decision names are taken apart and placed again; their rows are written back."""
    with _LOCK:
        state = _state()
        linker = _take_index(state, expected_mentions=Mention.objects.count(), exclude=())
        taken_apart, ids = _decide(linker, all_decisions())
        after = linker.assignments()
        _persist({mid: after[mid] for mid in ids})
        state.generation += 1
        state.save(update_fields=["generation"])
        _keep(linker, state)
        return taken_apart


def full_relink(progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Re-link every mention from scratch (background work). The slow part runs outside any
    transaction so its progress can be seen; mentions that arrive meanwhile are added after.
    Returns (people before, people after)."""
    before = PersonOfConcern.objects.count()
    rows = list(Mention.objects.order_by("pk"))
    decisions = all_decisions()
    linker = Linker.relink([to_engine(m) for m in rows], decisions, progress=progress)
    seen = {m.pk for m in rows}
    with transaction.atomic(), _LOCK:
        state = _state()
        for late in Mention.objects.exclude(pk__in=seen).order_by("pk"):
            linker.add(to_engine(late))
        # Decisions recorded while the re-link ran are applied now.
        latest = all_decisions()
        if latest != decisions:
            _decide(linker, latest)
        _persist(linker.assignments())
        state.generation += 1
        state.save(update_fields=["generation"])
        global _index
        _index = None
        _keep(linker, state)
    return before, PersonOfConcern.objects.count()
