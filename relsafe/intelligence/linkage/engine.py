"""The linker: assigns each mention of a person of concern to a person, across cases.

How it decides (docs/LINKAGE.md says more):

* **Evidence, weighed.** A mention is compared with each candidate person's profile (every name,
  nickname, phone, plate, handle, place, age and gender seen for them so far). Each field adds a
  Fellegi-Sunter log-likelihood weight, log2(m/u) in bits: m is how often the field agrees when
  it is the same person, u how often it agrees by chance between two different people. The prior
  is one in N (N people in the index), so a score above 0 means "more likely than not".
* **Weighed by how often a value occurs.** u comes from how many *people* already hold the value
  (not how many reports: a prolific exploiter reported forty times is still one person). A phone
  held by one person is near proof; a "deal line" passed between four runners is a weak hint,
  and the names then decide. For phones, plates and handles the number of holders is also
  estimated from how many different names and nicknames are reported with the value, so a shared
  line is recognised before the people using it have been told apart.
* **Blocking.** Candidates come only from people who share a phone, plate (or part of one),
  handle, first-name sound with surname sound, nickname with first name or area, or a rare
  nickname; a block that has grown too large to say anything (a very common nickname) is skipped.
* **Clusters are people, not pairs.** A mention joins the best-scoring person above the
  threshold; when it scores strongly for two people who are compatible (same gender, ages that
  fit, no report naming both, no analyst split), it merges them: that is how "Ghost" with a phone
  and "Marcus Reid" with a plate become one person when a third report gives both.
* **Analyst decisions are inputs.** Mentions confirmed as one person are placed together, and
  mentions split apart are never placed together, by every full or incremental link.

Nothing here imports Django: the same engine runs in the web app, `manage.py link_mentions` and
the benchmark.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from relsafe.intelligence.linkage.decisions import Constraints, Decision, resolve
from relsafe.intelligence.linkage.mention import Features, Mention, prepare
from relsafe.intelligence.linkage.normalise import plate_matches, sound_key

# --- weights (bits) -------------------------------------------------------------------------------
# m: chance the field agrees for two mentions of the same person (parents mishear, people change
# phones and cars). Chance agreement (u) is computed per value from how many people hold it.
M_PHONE, M_PLATE, M_PARTIAL_PLATE, M_HANDLE = 0.6, 0.6, 0.5, 0.7
M_FIRST, M_FIRST_SOUND, M_LAST, M_NICK = 0.6, 0.15, 0.6, 0.6
M_POSTCODE, M_OUTWARD, M_TOKEN = 0.2, 0.5, 0.3
M_CASE = 0.4  # the same family reports the same person again (they return to the same child)
# How many "other holders" a value held by one person counts as: the chance that a unique phone
# or plate was miswritten into someone else's, or that two unrelated people share one by chance.
EPS_IDENTIFIER = 0.05
EPS_NAME = 0.5
EPS_PLACE = 0.5
W_PHONE_DIFFERS = -1.0  # people of concern change phones often
W_PLATE_DIFFERS = -0.7
W_HANDLE_DIFFERS = -1.0
W_FIRST_SIMILAR = 2.0  # Jaro-Winkler ≥ 0.9 but different sound key ("Tyrone"/"Tyron")
W_FIRST_INITIAL = 0.5
W_FIRST_DIFFERS = -3.0
W_LAST_SIMILAR = 3.0
W_LAST_DIFFERS = -3.0
W_NICK_SIMILAR = 2.5  # "Ghosty"/"Ghost", "Lil G"/"G"
W_NICK_DIFFERS = -1.0  # people have more than one street name
W_GENDER_AGREES, W_GENDER_DIFFERS = 0.9, -4.0
W_AGE_CLOSE, W_AGE_NEAR, W_AGE_FAR, W_AGE_VERY_FAR = 1.0, 0.0, -2.0, -4.0
W_AREA_DIFFERS = -0.5
W_MAKE_AGREES, W_COLOUR_AGREES, W_MAKE_DIFFERS = 0.7, 0.4, -0.5
W_SAME_REPORT = -8.0  # one report names each person once
SPREAD_PENALTY = 0.5  # of log2(distinct values): some are misspellings, not other people's
THRESHOLD = 0.0  # log2 odds: more likely than not
MERGE_THRESHOLD = 3.0  # a mention must be clearly of both people to join two people
FRAGMENT_SIZE = 6  # groups up to this size are tried against bigger people after a re-link
FRAGMENT_CANDIDATES = 8
BLOCK_CAP = 30  # a blocking key shared by more people than this is skipped (says too little)
MAX_CANDIDATES = 60


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Where one added mention went and what else is known: "also reported in N other cases"."""

    mention_id: str
    person_id: str
    person_other_cases: frozenset[str]
    phone_other_cases: frozenset[str]
    vehicle_other_cases: frozenset[str]
    handle_other_cases: frozenset[str]
    score: float  # log2 odds for the person joined; None-like -inf when it started a new person


class Person:
    """Everything the mentions linked to one person have said, for comparing the next mention."""

    __slots__ = (
        "age_n",
        "age_sum",
        "cases",
        "colours",
        "female",
        "first_keys",
        "firsts",
        "forbidden",
        "groups",
        "handles",
        "last_keys",
        "lasts",
        "makes",
        "male",
        "members",
        "nicks",
        "outwards",
        "partials",
        "phones",
        "pid",
        "plates",
        "postcodes",
        "reports",
        "tokens",
    )

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.members: list[str] = []
        self.groups: set[str] = set()
        self.forbidden: set[str] = set()
        self.firsts: set[str] = set()
        self.first_keys: set[str] = set()
        self.lasts: set[str] = set()
        self.last_keys: set[str] = set()
        self.nicks: set[str] = set()
        self.phones: set[str] = set()
        self.plates: set[str] = set()
        self.partials: set[str] = set()
        self.handles: set[str] = set()
        self.postcodes: set[str] = set()
        self.outwards: set[str] = set()
        self.tokens: set[str] = set()
        self.colours: set[str] = set()
        self.makes: set[str] = set()
        self.cases: set[str] = set()
        self.reports: set[tuple[str, str]] = set()
        self.male = 0
        self.female = 0
        self.age_sum = 0.0
        self.age_n = 0


# Fields whose values are counted per person (how many people hold "Ghost", this phone...).
_COUNTED = (
    ("phone", "phones"),
    ("plate", "plates"),
    ("handle", "handles"),
    ("first", "first_keys"),
    ("last", "last_keys"),
    ("nick", "nicks"),
    ("postcode", "postcodes"),
    ("outward", "outwards"),
    ("case", "cases"),
    ("token", "tokens"),
)


def _substrings(plate: str) -> Iterator[str]:
    """Starts and ends of a full plate that a partial sighting could be (length 2 and up)."""
    for length in range(2, len(plate)):
        yield plate[:length]
        yield plate[-length:]


class Linker:
    """The cross-case linking engine and its incremental "seen elsewhere" index.

    Build one with :meth:`relink` (all mentions at once, the best assignments) or empty, then call
    :meth:`add` for each new mention (milliseconds, no re-run). Analyst decisions given at
    construction are honoured by every add; :meth:`relink` again after a new decision.
    """

    def __init__(self, decisions: Iterable[Decision] = (), *, expected_people: int = 0) -> None:
        self.constraints: Constraints = resolve(decisions)
        self._persons: dict[int, Person] = {}
        self._parent: dict[int, int] = {}
        self._next_pid = 0
        self._person_of: dict[str, int] = {}  # mention_id -> person (maybe merged away: find())
        self._order: dict[str, int] = {}  # mention_id -> arrival order (person ids are stable)
        self._index: dict[tuple[str, str], set[int]] = {}
        self._holders: dict[tuple[str, str], int] = {}
        self._name_keys: dict[tuple[str, str], dict[str, int]] = {}  # phone... -> names: count
        self._value_cases: dict[tuple[str, str], set[str]] = {}
        # How many mentions carry each name, nickname and place value: before the people behind
        # a common name have been told apart, this says how common the name is.
        self._mentions_with: dict[tuple[str, str], int] = {}
        self._mentions_seen = 0
        self._group_person: dict[str, int] = {}
        self._expected_people = expected_people

    # --- public API -------------------------------------------------------------------------

    @classmethod
    def relink(
        cls,
        mentions: Iterable[Mention],
        decisions: Iterable[Decision] = (),
        *,
        progress: Callable[[int], None] | None = None,
    ) -> Linker:
        """Link every mention from scratch (a full re-link), honouring analyst decisions.

        Values' holders are first estimated over the whole set (how many different names come
        with each phone, plate and handle), so the order of the input matters little.
        ``progress`` is called with the number of mentions placed so far, every 10,000.
        Raises ValueError if a mention_id appears twice.
        """
        features = [prepare(m) for m in mentions]
        linker = cls(decisions, expected_people=max(1000, len(features) // 3))
        for number, f in enumerate(features):
            if f.mention_id in linker._order:
                raise ValueError(f"mention {f.mention_id!r} is given twice")
            linker._order[f.mention_id] = number
            linker._count(f)
        for f in features:
            linker._resolve_single_name(f)
            linker._note_names(f)
        # Richest mentions first: people's profiles are built from reports that say the most, so a
        # thin report ("Kai, grey Audi") meets a full profile rather than founding a new person.
        features.sort(key=_richness, reverse=True)
        for done, f in enumerate(features, 1):
            linker._place(f)
            if progress is not None and done % 10_000 == 0:
                progress(done)
        # A mention left on its own may have come before the people it belongs with were known:
        # place it once more against the finished profiles.
        for f in features:
            linker._replace_if_alone(f)
        linker._merge_fragments({f.mention_id: f for f in features})
        if progress is not None:
            progress(len(features))
        return linker

    def add(self, mention: Mention) -> LinkResult:
        """Link one new mention incrementally and say where else its person, phone, vehicle and
        handle have been reported. Adding a mention_id already present raises ValueError."""
        if mention.mention_id in self._person_of:
            raise ValueError(f"mention {mention.mention_id!r} is already linked")
        f = prepare(mention)
        self._count(f)
        self._resolve_single_name(f)
        self._note_names(f)
        pid, score = self._place(f)
        person = self._persons[pid]
        return LinkResult(
            mention_id=f.mention_id,
            person_id=self._person_id(person),
            person_other_cases=frozenset(person.cases - {f.case_ref}),
            phone_other_cases=self._other_cases("phone", f.phone, f.case_ref),
            vehicle_other_cases=self._other_cases("plate", f.plate, f.case_ref),
            handle_other_cases=self._other_cases("handle", f.handle, f.case_ref),
            score=score,
        )

    def decide(self, decisions: Iterable[Decision], mentions: Mapping[str, Mention]) -> set[str]:
        """Apply the analysts' decisions now, without a full re-link.

        ``decisions`` is the whole current list, oldest first (as for :meth:`relink`);
        ``mentions`` must hold every mention of the people the new or changed decisions touch
        (the Django layer loads them by person id). Those people are taken apart and their
        mentions placed again under the new constraints; everyone else is left as they are.
        Returns the person ids that were taken apart (their mentions may now have new ids).
        Decisions are few, so this touches few people; a full :meth:`relink` gives the same
        constraints but may also move other mentions.
        """
        decisions = list(decisions)
        old = self.constraints
        self.constraints = resolve(decisions)
        touched = {d.a for d in decisions} | {d.b for d in decisions}
        touched |= set(old.group) | set(old.apart)
        affected: dict[int, Person] = {}
        for mention_id in touched:
            pid = self._person_of.get(mention_id)
            if pid is not None:
                root = self._find(pid)
                affected[root] = self._persons[root]
        # Every person holding a mention named in any decision, old or new, is placed again, so
        # the groups and splits they carry are rebuilt from the new decisions alone.
        changed = affected
        taken_apart = {self._person_id(p) for p in changed.values()}
        replace: list[Features] = []
        for person in changed.values():
            self._forget(person)
            for mention_id in person.members:
                del self._person_of[mention_id]
                f = prepare(mentions[mention_id])
                self._resolve_single_name(f)  # counted when it first arrived
                replace.append(f)
        self._group_person = {
            g: pid for g, pid in self._group_person.items() if self._find(pid) in self._persons
        }
        replace.sort(key=lambda f: self._order[f.mention_id])
        for f in replace:
            self._place(f)
        return taken_apart

    def person_of(self, mention_id: str) -> str:
        """The person id a mention is linked to (KeyError if the mention is not in the index)."""
        return self._person_id(self._persons[self._find(self._person_of[mention_id])])

    def assignments(self) -> dict[str, str]:
        """mention_id -> person_id for every mention, in arrival order."""
        ids = {pid: self._person_id(p) for pid, p in self._persons.items()}
        return {m: ids[self._find(pid)] for m, pid in self._person_of.items()}

    def people(self) -> dict[str, list[str]]:
        """person_id -> its mention ids (arrival order)."""
        out: dict[str, list[str]] = {}
        for p in self._persons.values():
            out[self._person_id(p)] = sorted(p.members, key=self._order.__getitem__)
        return out

    def cases_for(self, field: str, raw: str) -> frozenset[str]:
        """Every case that reported this phone ("phone"), plate ("vehicle") or handle ("handle"),
        matched by its normalised form (so any spelling of the same number finds them)."""
        f = prepare(Mention(mention_id="", **{field: raw}))
        key = {"phone": ("phone", f.phone), "vehicle": ("plate", f.plate)}.get(
            field, ("handle", f.handle)
        )
        if key[1] is None:
            return frozenset()
        return frozenset(self._value_cases.get(key, set()))  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._person_of)

    @property
    def superseded(self) -> tuple[Decision, ...]:
        """Older decisions that a newer one contradicted (shown to the analyst, not applied)."""
        return self.constraints.superseded

    def dump(self, path: str) -> None:
        """Save the index to a file this application wrote (pickle: load only your own files)."""
        with open(path, "wb") as out:
            pickle.dump(self, out, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path: str) -> Linker:
        """Load an index saved by :meth:`dump` on this server (never a file from elsewhere)."""
        with open(path, "rb") as source:
            linker = pickle.load(source)  # noqa: S301 - our own file, written by dump()
        if not isinstance(linker, Linker):
            raise TypeError(f"{path} does not hold a linker index")
        return linker

    # --- internals --------------------------------------------------------------------------

    def _person_id(self, person: Person) -> str:
        """A person's id is the mention_id of their earliest mention: stable as mentions arrive."""
        return min(person.members, key=self._order.__getitem__)

    def _find(self, pid: int) -> int:
        parent = self._parent
        root = pid
        while parent[root] != root:
            root = parent[root]
        while parent[pid] != root:
            parent[pid], pid = root, parent[pid]
        return root

    def _other_cases(self, field: str, value: str | None, case: str) -> frozenset[str]:
        if value is None:
            return frozenset()
        return frozenset(self._value_cases.get((field, value), set()) - {case})

    def _count(self, f: Features) -> None:
        """Count how many mentions carry each name, nickname and place (one-word names later)."""
        self._mentions_seen += 1
        counts = self._mentions_with
        for field, value in (
            ("first", None if f.single_name else f.first_key),
            ("last", None if f.single_name else f.last_key),
            ("nick", f.nick),
            ("postcode", f.postcode),
            ("outward", f.outward),
            ("case", f.case_ref or None),
        ):
            if value is not None:
                counts[(field, value)] = counts.get((field, value), 0) + 1
                counts[("*", field)] = counts.get(("*", field), 0) + 1
        for token in f.place_tokens:
            counts[("token", token)] = counts.get(("token", token), 0) + 1
        if f.place_tokens:
            counts[("*", "token")] = counts.get(("*", "token"), 0) + 1

    def _resolve_single_name(self, f: Features) -> None:
        """A one-word name ("Reid", "Kai") is taken as a surname when reports more often use that
        word as a surname than as a first name; otherwise as a first name."""
        if not f.single_name:
            return
        counts = self._mentions_with
        key = sound_key(f.first or "")
        if counts.get(("last", key), 0) > counts.get(("first", f.first_key or ""), 0):
            f.last, f.last_key, f.first, f.first_key = f.first, key, None, None
            counted = ("last", key)
        else:
            counted = ("first", f.first_key or "")
        counts[counted] = counts.get(counted, 0) + 1
        counts[("*", counted[0])] = counts.get(("*", counted[0]), 0) + 1
        f.single_name = False

    def _note_names(self, f: Features) -> None:
        """Remember which names come with each phone, plate and handle (to count its holders)."""
        keys = f.name_keys()
        if not keys:
            return
        for field, value in (("phone", f.phone), ("plate", f.plate), ("handle", f.handle)):
            if value is not None and not (field == "plate" and f.plate_partial):
                seen = self._name_keys.setdefault((field, value), {})
                for key in keys:
                    seen[key] = seen.get(key, 0) + 1

    def _others(self, field: str, value: str | None) -> float:
        """How many other people share a name, nickname, place or case, from how often it occurs.

        The share of mentions carrying the value (its term frequency, as Splink uses) times the
        number of people: measured on mentions, it does not grow when people are split apart.
        """
        counts = self._mentions_with
        share = (counts.get((field, value or ""), 1) - 1) / max(counts.get(("*", field), 1), 1)
        return share * self._people_count()

    def _people_count(self) -> float:
        return float(max(len(self._persons), self._expected_people, 1000))

    def _holders_of(self, field: str, value: str) -> float:
        """How many people hold a value: the people linked so far, or more if the mentions say so.

        For a name or place, its share of all mentions scaled to the number of people; for a
        phone, plate or handle, how many different first names (or nicknames) come with it.
        """
        held: float = self._holders.get((field, value), 0)
        names = self._name_keys.get((field, value))
        if names:
            # A name heard once beside a number reported fifteen times is more likely misheard
            # than a second holder: count names seen at least a fifth as often as the commonest.
            floor = max(names.values()) / 5
            firsts = sum(1 for k, c in names.items() if k[0] == "f" and c >= floor)
            nicks = sum(1 for k, c in names.items() if k[0] == "n" and c >= floor)
            held = max(held, firsts, nicks)
        mentions = self._mentions_with.get((field, value))
        if mentions:
            held = max(held, mentions * self._people_count() / max(self._mentions_seen, 1))
        return held

    def _blocking_keys(self, f: Features) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        if f.phone:
            keys.append(("phone", f.phone))
        if f.handle:
            keys.append(("handle", f.handle))
        if f.plate:
            if f.plate_partial:
                keys.append(("platesub", f.plate))
                keys.append(("partial", f.plate))
            else:
                keys.append(("plate", f.plate))
                keys.extend(("partial", s) for s in _substrings(f.plate))
        if f.first_key:
            if f.last_key:
                keys.append(("fl", f.first_key + "|" + f.last_key))
            if f.outward:
                keys.append(("fo", f.first_key + "|" + f.outward))
            if f.nick:
                keys.append(("nf", f.nick + "|" + f.first_key))
        if f.last_key and f.nick:
            keys.append(("nl", f.nick + "|" + f.last_key))
        if f.case_ref:
            keys.append(("case", f.case_ref))
        if f.nick:
            keys.append(("nick", f.nick))
            if f.outward:
                keys.append(("no", f.nick + "|" + f.outward))
            keys.extend(("nt", f.nick + "|" + token) for token in f.place_tokens)
        return keys

    def _candidates(self, f: Features, keys: list[tuple[str, str]]) -> list[int]:
        """People sharing a blocking key with the mention, those sharing the most keys first
        (at most MAX_CANDIDATES: a person found by one weak key among many says little)."""
        hits: dict[int, int] = {}
        index, find, persons = self._index, self._find, self._persons
        for key in keys:
            ids = index.get(key)
            if not ids or len(ids) > BLOCK_CAP:
                continue
            for i in ids:
                root = find(i)
                hits[root] = hits.get(root, 0) + 1
        found = [pid for pid in hits if pid in persons]
        if len(found) > MAX_CANDIDATES:
            found.sort(key=hits.__getitem__, reverse=True)
            del found[MAX_CANDIDATES:]
        return found

    def _place(self, f: Features) -> tuple[int, float]:
        """Put one mention with the person it most likely belongs to, or start a new person."""
        group = self.constraints.group_of(f.mention_id)
        keys = self._blocking_keys(f)
        forced = self._group_person.get(group)
        forced_root = self._find(forced) if forced is not None else None
        apart = self.constraints.apart.get(group, frozenset())
        scored: list[tuple[float, int]] = []
        weights = self._weights(f)
        for pid in self._candidates(f, keys):
            person = self._persons[pid]
            if group in person.forbidden or (apart and not apart.isdisjoint(person.groups)):
                continue
            score = self._score(f, person, weights)
            if score >= THRESHOLD or pid == forced_root:
                scored.append((score, pid))
        scored.sort(reverse=True)
        if forced_root is not None:
            target = forced_root
            best = next((s for s, p in scored if p == target), -math.inf)
        elif scored:
            best, target = scored[0]
        else:
            best, target = -math.inf, self._new_person()
        for score, pid in scored:
            if pid != target and score >= MERGE_THRESHOLD:
                root = self._find(pid)
                if root != self._find(target) and self._compatible(
                    self._persons[self._find(target)], self._persons[root]
                ):
                    target = self._merge(self._find(target), root)
        target = self._find(target)
        self._attach(f, group, self._persons[target], keys)
        return target, best

    def _merge_fragments(self, features: dict[str, Features]) -> None:
        """Join small groups of mentions to a person they clearly belong with.

        Greedy placement can leave a few mentions of one person in a group of their own (they
        arrived before the reports that tie them in). Each small group is compared, mention by
        mention, with the people its mentions' blocking keys find; it joins the best one when its
        mentions' average score is above the threshold and the two are compatible.
        """
        small = sorted(
            (p for p in self._persons.values() if 1 < len(p.members) <= FRAGMENT_SIZE),
            key=lambda p: len(p.members),
        )
        for fragment in small:
            if fragment.pid not in self._persons:
                continue
            members = [features[m] for m in fragment.members]
            weights = [self._weights(f) for f in members]
            hits: dict[int, int] = {}
            for f in members:
                for pid in self._candidates(f, self._blocking_keys(f)):
                    hits[pid] = hits.get(pid, 0) + 1
            hits.pop(fragment.pid, None)
            # The people most of the fragment's mentions point to (a handful is plenty).
            candidates = sorted(hits, key=hits.__getitem__, reverse=True)[:FRAGMENT_CANDIDATES]
            best, target = THRESHOLD, None
            for pid in candidates:
                person = self._persons[pid]
                if len(person.members) < len(fragment.members):
                    continue
                total = sum(
                    self._score(f, person, w) for f, w in zip(members, weights, strict=True)
                )
                if total / len(members) >= best:
                    best, target = total / len(members), pid
            if target is not None and self._compatible(self._persons[target], fragment):
                self._merge(target, fragment.pid)

    def _replace_if_alone(self, f: Features) -> None:
        pid = self._find(self._person_of[f.mention_id])
        person = self._persons[pid]
        if len(person.members) != 1 or self.constraints.group.get(f.mention_id):
            return
        self._forget(person)
        del self._person_of[f.mention_id]
        self._place(f)

    def _forget(self, person: Person) -> None:
        """Take a person out of the index (their index entries go stale and are skipped), so
        their mentions can be placed again."""
        holders = self._holders
        for field, attr in _COUNTED:
            for value in getattr(person, attr):
                holders[(field, value)] -= 1
        del self._persons[person.pid]

    def _new_person(self) -> int:
        pid = self._next_pid
        self._next_pid += 1
        self._persons[pid] = Person(pid)
        self._parent[pid] = pid
        return pid

    def _attach(self, f: Features, group: str, person: Person, keys: list[tuple[str, str]]) -> None:
        pid = person.pid
        if f.mention_id not in self._order:
            self._order[f.mention_id] = len(self._order)
        self._person_of[f.mention_id] = pid
        person.members.append(f.mention_id)
        person.groups.add(group)
        if group in self.constraints.members and group not in self._group_person:
            self._group_person[group] = pid
        person.forbidden.update(self.constraints.apart.get(group, ()))
        holders = self._holders
        values = (
            ("phone", f.phone, person.phones),
            ("plate", None if f.plate_partial else f.plate, person.plates),
            ("handle", f.handle, person.handles),
            ("first", f.first_key, person.first_keys),
            ("last", f.last_key, person.last_keys),
            ("nick", f.nick, person.nicks),
            ("postcode", f.postcode, person.postcodes),
            ("outward", f.outward, person.outwards),
        )
        for field, value, held in values:
            if value is not None and value not in held:
                held.add(value)
                holders[(field, value)] = holders.get((field, value), 0) + 1
        for token in f.place_tokens:
            if token not in person.tokens:
                person.tokens.add(token)
                holders[("token", token)] = holders.get(("token", token), 0) + 1
        if f.plate_partial and f.plate:
            person.partials.add(f.plate)
        if f.first:
            person.firsts.add(f.first)
        if f.last:
            person.lasts.add(f.last)
        if f.colour:
            person.colours.add(f.colour)
        if f.make:
            person.makes.add(f.make)
        if f.gender == "m":
            person.male += 1
        elif f.gender == "f":
            person.female += 1
        if f.age:
            person.age_sum += (f.age[0] + f.age[1]) / 2
            person.age_n += 1
        if f.case_ref:
            if f.case_ref not in person.cases:
                person.cases.add(f.case_ref)
                holders[("case", f.case_ref)] = holders.get(("case", f.case_ref), 0) + 1
            for field, value in (("phone", f.phone), ("plate", f.plate), ("handle", f.handle)):
                if value is not None and not (field == "plate" and f.plate_partial):
                    self._value_cases.setdefault((field, value), set()).add(f.case_ref)
        if f.report_key:
            person.reports.add(f.report_key)
        index = self._index
        for key in keys:
            if key[0] == "partial" and not f.plate_partial:
                continue  # a full plate is found by its starts and ends, indexed below
            index.setdefault(key, set()).add(pid)
        if f.plate and not f.plate_partial:
            for sub in _substrings(f.plate):
                index.setdefault(("platesub", sub), set()).add(pid)

    def _compatible(self, a: Person, b: Person) -> bool:
        """Whether two people may be one: no split between them, no report naming both, the same
        gender and ages that fit."""
        if not a.forbidden.isdisjoint(b.groups) or not b.forbidden.isdisjoint(a.groups):
            return False
        if not a.reports.isdisjoint(b.reports):
            return False
        a_gender = (a.male > a.female) - (a.female > a.male)
        b_gender = (b.male > b.female) - (b.female > b.male)
        if a_gender * b_gender < 0:
            return False
        return not (a.age_n and b.age_n and abs(a.age_sum / a.age_n - b.age_sum / b.age_n) > 8)

    def _merge(self, a: int, b: int) -> int:
        """Join person b into person a (the larger absorbs the smaller); returns the survivor."""
        pa, pb = self._persons[a], self._persons[b]
        if len(pa.members) < len(pb.members):
            pa, pb = pb, pa
        holders = self._holders
        for field, attr in _COUNTED:
            mine, theirs = getattr(pa, attr), getattr(pb, attr)
            for value in theirs:
                if value in mine:
                    holders[(field, value)] -= 1
            mine |= theirs
        for attr in (
            "groups",
            "forbidden",
            "firsts",
            "lasts",
            "partials",
            "colours",
            "makes",
            "reports",
        ):
            getattr(pa, attr).update(getattr(pb, attr))
        pa.members.extend(pb.members)
        pa.male += pb.male
        pa.female += pb.female
        pa.age_sum += pb.age_sum
        pa.age_n += pb.age_n
        self._parent[pb.pid] = pa.pid
        del self._persons[pb.pid]
        for group in pb.groups:
            if group in self._group_person:
                self._group_person[group] = pa.pid
        return pa.pid

    def _weights(self, f: Features) -> _Weights:
        """The agreement weight of each of the mention's values, worked out once per mention
        (they depend on how common the value is, not on the person it is compared with)."""
        people = self._people_count()
        log_n = math.log2(people)
        holders = self._holders_of
        counts = self._mentions_with

        def others(field: str, value: str) -> float:
            share = (counts.get((field, value), 1) - 1) / max(counts.get(("*", field), 1), 1)
            return share * people

        w = _Weights(log_n)
        if f.phone:
            w.phone = _agree(M_PHONE, log_n, holders("phone", f.phone) - 1, EPS_IDENTIFIER)
        if f.handle:
            w.handle = _agree(M_HANDLE, log_n, holders("handle", f.handle) - 1, EPS_IDENTIFIER)
        if f.plate:
            if f.plate_partial:
                w.partial = self._partial_weight(f.plate, log_n)
            else:
                w.plate = _agree(M_PLATE, log_n, holders("plate", f.plate) - 1, EPS_IDENTIFIER)
        if f.first_key:
            rest = others("first", f.first_key)
            w.first = _agree(M_FIRST, log_n, rest, EPS_NAME)
            w.first_sound = _agree(M_FIRST_SOUND, log_n, rest, EPS_NAME)
        if f.last_key:
            w.last = _agree(M_LAST, log_n, others("last", f.last_key), EPS_NAME)
        if f.nick:
            w.nick = _agree(M_NICK, log_n, others("nick", f.nick), EPS_NAME)
        if f.postcode:
            w.postcode = _agree(M_POSTCODE, log_n, others("postcode", f.postcode), EPS_PLACE)
        if f.outward:
            w.outward = _agree(M_OUTWARD, log_n, others("outward", f.outward), EPS_PLACE)
        if f.place_tokens:
            w.tokens = {
                t: _agree(M_TOKEN, log_n, others("token", t), EPS_PLACE) for t in f.place_tokens
            }
        if f.case_ref:
            w.case = _agree(M_CASE, log_n, others("case", f.case_ref), EPS_PLACE)
        return w

    def _score(self, f: Features, p: Person, w: _Weights) -> float:
        """log2 odds that mention f is person p (the Fellegi-Sunter sum, plus the prior)."""
        score = -w.log_n
        strong = False
        if f.phone:
            if f.phone in p.phones:
                score += w.phone - _spread(len(p.phones))
                strong = True
            elif p.phones:
                score += W_PHONE_DIFFERS
        if f.handle:
            if f.handle in p.handles:
                score += w.handle - _spread(len(p.handles))
                strong = True
            elif p.handles:
                score += W_HANDLE_DIFFERS
        if f.plate:
            if not f.plate_partial:
                if f.plate in p.plates:
                    score += w.plate - _spread(len(p.plates))
                    strong = True
                elif p.partials and any(plate_matches(q, f.plate) for q in p.partials):
                    score += self._partial_weight(min(p.partials, key=len), w.log_n)
                elif p.plates:
                    score += W_PLATE_DIFFERS
            elif f.plate in p.partials or any(plate_matches(f.plate, q) for q in p.plates):
                score += w.partial
        if not strong and (f.make or f.colour):
            if f.make and p.makes:
                score += W_MAKE_AGREES if f.make in p.makes else W_MAKE_DIFFERS
            if f.colour and f.colour in p.colours:
                score += W_COLOUR_AGREES
        if f.first and p.firsts:
            score += self._first_name_weight(f, p, w)
        if f.last and p.lasts:
            if f.last_key in p.last_keys:
                score += w.last - _spread(len(p.last_keys))
            elif len(f.last) == 1 or any(len(q) == 1 for q in p.lasts):
                if any(q[0] == f.last[0] for q in p.lasts):
                    score += W_FIRST_INITIAL
            elif any(JaroWinkler.similarity(f.last, q) >= 0.9 for q in p.lasts):
                score += W_LAST_SIMILAR
            else:
                score += W_LAST_DIFFERS
        if f.nick and p.nicks:
            if f.nick in p.nicks:
                score += w.nick - _spread(len(p.nicks))
            elif any(_nick_similar(f.nick, q) for q in p.nicks):
                score += W_NICK_SIMILAR
            else:
                score += W_NICK_DIFFERS
        if f.gender and (p.male or p.female):
            majority = "m" if p.male >= p.female else "f"
            score += W_GENDER_AGREES if f.gender == majority else W_GENDER_DIFFERS
        if f.age and p.age_n:
            gap = abs((f.age[0] + f.age[1]) / 2 - p.age_sum / p.age_n)
            score += (
                W_AGE_CLOSE
                if gap <= 3
                else W_AGE_NEAR
                if gap <= 6
                else W_AGE_FAR
                if gap <= 10
                else W_AGE_VERY_FAR
            )
        if f.postcode and f.postcode in p.postcodes:
            score += w.postcode - _spread(len(p.postcodes))
        else:
            place = 0.0
            if f.outward and p.outwards:
                if f.outward in p.outwards:
                    place = w.outward - _spread(len(p.outwards))
                else:
                    place = W_AREA_DIFFERS
            if w.tokens and p.tokens:
                spread = _spread(len(p.tokens))
                for token, weight in w.tokens.items():
                    if token in p.tokens and weight - spread > place:
                        place = weight - spread
            score += place
        if f.case_ref and f.case_ref in p.cases:
            if f.report_key in p.reports:
                score += W_SAME_REPORT
            else:
                score += w.case - _spread(len(p.cases))
        return score

    def _first_name_weight(self, f: Features, p: Person, w: _Weights) -> float:
        first = f.first or ""
        if f.first_key and f.first_key in p.first_keys:
            spread = _spread(len(p.first_keys))
            return (w.first if first in p.firsts else w.first_sound) - spread
        if len(first) == 1 or any(len(q) == 1 for q in p.firsts):
            return W_FIRST_INITIAL if any(q[0] == first[0] for q in p.firsts) else W_FIRST_DIFFERS
        if any(JaroWinkler.similarity(first, q) >= 0.9 for q in p.firsts):
            return W_FIRST_SIMILAR
        return W_FIRST_DIFFERS

    def _partial_weight(self, partial: str, log_n: float) -> float:
        """A partial plate: how many people's plates start or end with it, and how short it is
        (two characters say far less than six, whatever the index holds so far)."""
        sharing = len(self._index.get(("platesub", partial), ())) - 1
        chance = 2 ** (log_n - 4.5 * len(partial))
        return _agree(M_PARTIAL_PLATE, log_n, max(sharing, chance), EPS_IDENTIFIER)


class _Weights:
    """Per-mention agreement weights (bits), before the person's spread of values is taken off."""

    __slots__ = (
        "case",
        "first",
        "first_sound",
        "handle",
        "last",
        "log_n",
        "nick",
        "outward",
        "partial",
        "phone",
        "plate",
        "postcode",
        "tokens",
    )

    def __init__(self, log_n: float) -> None:
        self.log_n = log_n
        self.phone = self.handle = self.plate = self.partial = 0.0
        self.first = self.first_sound = self.last = self.nick = 0.0
        self.postcode = self.outward = self.case = 0.0
        self.tokens: dict[str, float] = {}


_SPREAD = [0.0, 0.0] + [SPREAD_PENALTY * math.log2(k) for k in range(2, 256)]


def _spread(k: int) -> float:
    """Less weight for agreeing with a person who already has k different values of a field."""
    return _SPREAD[k] if k < 256 else SPREAD_PENALTY * math.log2(k)


def _richness(f: Features) -> int:
    """How much a mention says about who someone is (strong identifiers count most)."""
    return (
        3
        * (
            (f.phone is not None)
            + (f.handle is not None)
            + (f.plate is not None and not f.plate_partial)
        )
        + 2 * (f.first_key is not None and f.last_key is not None)
        + (f.first_key is not None or f.last_key is not None)
        + (f.nick is not None)
        + (f.age is not None)
        + (f.gender is not None)
        + (f.outward is not None or bool(f.place_tokens))
    )


def _agree(m: float, log_n: float, other_holders: float, eps: float) -> float:
    """Weight of agreeing on a value that ``other_holders`` other people also hold.

    log2(m/u) with u = other_holders / N, the chance that a different person has the value.
    """
    return math.log2(m) + log_n - math.log2(max(other_holders, eps))


def _nick_similar(a: str, b: str) -> bool:
    if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
        return True
    return JaroWinkler.similarity(a, b) >= 0.9
