"""Finds victim-blaming or labelling wording in a note and says what to write instead.

``check(text)`` splits the note into words with their lemmas once (``tokens.py``), runs every rule in
``rules.RULES`` over them, drops matches that a rule's guards, the subject of the sentence or quotation
marks excuse, and keeps the longest where two overlap. Offsets index the text exactly as given, so
``text[f.start:f.end] == f.text`` always.

Speed: each rule lists anchor words one of which every match contains, so a rule is tried only at
those words and the few before them, not at every word of a long note.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from relsafe.language.patterns import collect_keys, stop_collecting
from relsafe.language.rulebase import tense_of
from relsafe.language.rules import CLASSES, RULES, Advice, Category, Rule
from relsafe.language.tokens import (
    Token,
    Tokens,
    Vocabulary,
    add_typo_targets,
    inflections,
    tokenize,
)

# Words for the one doing something in a clause: adults, parents and professionals (and places that
# stand for them). A rule with ``actor="child"`` is quiet when one of these is the doer; ``actor="family"``
# only when a professional or a place is ("staff at the hostel are hard to reach").
ADULTS = frozenset(
    [
        "man",
        "men",
        "male",
        "males",
        "adult",
        "adults",
        "woman",
        "women",
        "female",
        "females",
        "guy",
        "guys",
        "gentleman",
        "olders",
        "elders",
        "perpetrator",
        "perpetrators",
        "abuser",
        "abusers",
        "exploiter",
        "exploiters",
        "offender",
        "offenders",
        "suspect",
        "suspects",
        "groomer",
        "groomers",
        "dealer",
        "dealers",
        "gang",
        "gangs",
        "ocg",
        "boss",
        "landlord",
        "landlady",
        "driver",
        "drivers",
        "stranger",
        "strangers",
        "punter",
        "punters",
        "defendant",
        "defendants",
    ]
)
PROFESSIONALS = frozenset(
    [
        "police",
        "officer",
        "officers",
        "pc",
        "dc",
        "ps",
        "sgt",
        "constable",
        "detective",
        "btp",
        "staff",
        "worker",
        "workers",
        "sw",
        "swt",
        "practitioner",
        "practitioners",
        "professional",
        "professionals",
        "teacher",
        "teachers",
        "school",
        "schools",
        "college",
        "dsl",
        "senco",
        "nurse",
        "doctor",
        "gp",
        "manager",
        "team",
        "service",
        "services",
        "agency",
        "agencies",
        "council",
        "csc",
        "mash",
        "ceop",
        "iwf",
        "hospital",
        "ward",
        "hotel",
        "unit",
        "hostel",
        "surgery",
        "court",
        "solicitor",
        "we",
        "us",
        "store",
        "shop",
    ]
)
PARENTS = frozenset(
    [
        "mum",
        "mam",
        "mom",
        "mother",
        "dad",
        "father",
        "parent",
        "parents",
        "carer",
        "carers",
        "nan",
        "nana",
        "gran",
        "grandma",
        "grandad",
        "grandmother",
        "grandfather",
        "grandparent",
        "grandparents",
        "aunt",
        "auntie",
        "uncle",
        "stepdad",
        "stepmum",
        "stepfather",
        "stepmother",
        "cousin",
    ]
)
ADULT_ACTORS = ADULTS | PROFESSIONALS | PARENTS
CHILD_ACTORS = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "yp",
        "cyp",
        "child",
        "children",
        "girl",
        "girls",
        "boy",
        "boys",
        "teenager",
        "teenagers",
        "kid",
        "kids",
        "lad",
        "lads",
        "son",
        "daughter",
        "person",
        "people",
        "pupil",
        "student",
        "resident",
    ]
)
# Where a new clause starts, so "Police said YP is a willing participant" is about YP.
_CLAUSE_BREAKS = frozenset(
    [
        ":",
        ";",
        "-",
        "and",
        "but",
        "so",
        "because",
        "as",
        "when",
        "while",
        "although",
        "though",
        "since",
        "after",
        "until",
        "before",
        "if",
        "then",
        "once",
        "say",
        "said",
        "says",
        "tell",
        "told",
        "tells",
        "report",
        "reported",
        "reports",
        "describe",
        "described",
        "state",
        "stated",
        "disclose",
        "disclosed",
        "believe",
        "believes",
        "think",
        "thinks",
        "feel",
        "feels",
        "that",
        "call",
        "calls",
        "called",
        "label",
        "labels",
        "labelled",
        "labeled",
        "consider",
        "considers",
        "considered",
        "regard",
        "regards",
        "regarded",
        "describes",
        "see",
        "sees",
        "saw",
        "view",
        "views",
        "viewed",
        "treat",
        "treats",
        "treated",
    ]
) | {"\u2013", "\u2014", "(", ")"}


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    text: str
    suggestion: str
    reason: str
    rule_id: str
    category: str
    # False when the suggestion is advice to the writer rather than words to drop in.
    replaceable: bool = True
    alternatives: tuple[str, ...] = ()

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    def as_dict(self) -> dict[str, object]:
        """The public shape of a finding (``check_language --json``)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Step:
    """One rule's match and what became of it, for ``check_language --explain``."""

    rule: Rule
    start: int
    end: int
    text: str
    # "flagged", or why not: "inside a quotation", "guard: unless_before ..." and so on.
    outcome: str
    matched: str
    details: tuple[str, ...] = ()


class RuleSet:
    """Rules, compiled, plus the anchor words that can start them."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        words, prefixes = collect_keys()
        try:
            self.rules = tuple(rule.compile(CLASSES) for rule in rules)
        finally:
            stop_collecting()
        self.vocabulary = Vocabulary(words, prefixes)
        # Each rule's top-level alternatives, in rule order, and the branches each anchor word starts.
        self.branches = tuple(branch for rule in self.rules for branch in rule.branches)
        self.order = {id(rule): i for i, rule in enumerate(self.rules)}
        by_anchor: dict[str, list[int]] = {}
        for i, branch in enumerate(self.branches):
            for anchor in branch.anchors:
                by_anchor.setdefault(anchor, []).append(i)
        self.anchors: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in by_anchor.items()}
        self._starts: dict[frozenset[str], tuple[tuple[int, int], ...]] = {}
        add_typo_targets(_typo_words(self.rules))

    def starts_of(self, keys: frozenset[str]) -> tuple[tuple[int, int], ...]:
        """The branches a word with these keys can anchor, with their reach (remembered per key set)."""
        found = self._starts.get(keys)
        if found is None:
            branches = sorted({b for key in keys for b in self.anchors.get(key, ())})
            found = tuple((b, self.branches[b].reach) for b in branches)
            if len(self._starts) > 200_000:
                self._starts.clear()
            self._starts[keys] = found
        return found


def _typo_words(rules: Sequence[Rule]) -> set[str]:
    words: set[str] = set()
    for rule in rules:
        for anchor in rule.anchors:
            if anchor.isalpha() and len(anchor) >= 5:
                words |= inflections(anchor)
    return words


DEFAULT_RULE_SET = RuleSet(RULES)


def check(text: str, *, child_age: int | None = None) -> list[Finding]:
    """Every finding in ``text``, sorted by position and never overlapping.

    ``child_age`` (when the note is about a known child) picks age-aware wording: "sexually active"
    of a child under 13 becomes "being raped", under 16 "being sexually abused".
    """
    return check_with(DEFAULT_RULE_SET, text, child_age=child_age)


def explain(text: str, *, child_age: int | None = None) -> tuple[list[Finding], list[Step]]:
    """The findings, plus every match any rule made and why it was or was not flagged."""
    steps: list[Step] = []
    findings = check_with(DEFAULT_RULE_SET, text, child_age=child_age, trace=steps)
    return findings, steps


class _Hit:
    """A match seen through the original text (what suggestions get)."""

    def __init__(self, tokens: Tokens, match: object, span: tuple[int, int]) -> None:
        self._tokens = tokens
        self._match = match
        self.span = span
        self.text = tokens.text[span[0] : span[1]]

    def group(self, name: str) -> str:
        try:
            start, end = self._match.span(name)  # type: ignore[attr-defined]
        except IndexError:
            return ""
        if start < 0 or start == end:
            return ""
        first, last = _token_range(self._tokens, start, end)
        if first > last:
            return ""
        return self._tokens.text[self._tokens.tokens[first].start : self._tokens.tokens[last].end]


def _token_range(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    first = bisect.bisect_left(tokens.offsets, start)
    last = bisect.bisect_left(tokens.offsets, end) - 1
    return first, last


def check_with(
    rules: RuleSet | Sequence[Rule],
    text: str,
    *,
    child_age: int | None = None,
    prefilter: bool = True,
    trace: list[Step] | None = None,
) -> list[Finding]:
    """``check`` with a chosen rule set. ``prefilter=False`` tries every rule at every word (slow;
    the tests use it to prove the anchor index changes nothing). ``trace`` collects every match and
    what became of it."""
    if not text:
        return []
    rule_set = rules if isinstance(rules, RuleSet) else RuleSet(rules)
    tokens = tokenize(text, rule_set.vocabulary)
    count = len(tokens.tokens)
    if count == 0:
        return []
    # Per branch, the runs of consecutive words a match may start at (the words from ``reach``
    # before each of its anchor words up to that word, merged where they touch or overlap).
    runs_for: dict[int, list[list[int]]] = {}
    branches = rule_set.branches
    if prefilter:
        starts_of = rule_set.starts_of
        for index, token in enumerate(tokens.tokens):
            for b, reach in starts_of(token.keys):
                low = index - reach if index > reach else 0
                runs = runs_for.get(b)
                if runs is None:
                    runs_for[b] = [[low, index]]
                elif low <= runs[-1][1] + 1:
                    runs[-1][1] = index
                else:
                    runs.append([low, index])
    else:
        runs_for = {b: [[0, count - 1]] for b in range(len(branches))}
    candidates: list[tuple[int, int, int, _Hit, Rule]] = []
    stream = tokens.stream
    offsets = tokens.offsets
    for b in sorted(runs_for):
        branch = branches[b]
        rule = branch.rule
        order = rule_set.order[id(rule)]
        if not rule.applies_to(child_age):
            continue
        regex_match = branch.regex.match
        for low, high in runs_for[b]:
            # Every match starts at a word's group in the stream, so trying each candidate word
            # in turn finds what one search over the run would, without the search also trying
            # every character after the last candidate (up to ``span`` words of them).
            endpos = offsets[min(count, high + branch.span)]
            i = low
            while i <= high:
                match = regex_match(stream, offsets[i], endpos)
                if match is None or match.end() == match.start():
                    i += 1
                    continue
                hit_start, hit_end = _hit_span(match, branch.hit_groups)
                first, last = _token_range(tokens, hit_start, hit_end)
                span = (tokens.tokens[first].start, tokens.tokens[last].end)
                why = _excuse(rule, tokens, first, last, hit_start, hit_end)
                if trace is not None:
                    m_first, m_last = _token_range(tokens, *match.span())
                    trace.append(
                        Step(
                            rule=rule,
                            start=span[0],
                            end=span[1],
                            text=text[span[0] : span[1]],
                            outcome=why or "flagged",
                            matched=text[tokens.tokens[m_first].start : tokens.tokens[m_last].end],
                            details=_details(tokens, first, last, rule),
                        )
                    )
                if why:
                    i += 1  # not this one; a match may still start at a later word
                    continue
                # The next match may start at the first word after this one.
                i = bisect.bisect_left(offsets, match.end())
                candidates.append((span[0], span[1], order, _Hit(tokens, match, span), rule))
    # Longest finding wins; on a tie, the earlier text, then the earlier rule.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[tuple[int, int, int, _Hit, Rule]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        i = bisect.bisect_left(starts, start)
        if i > 0 and ends[i - 1] > start:
            continue
        if i < len(starts) and starts[i] < end:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c[0])
    return [_finding(text, hit, rule, child_age) for _, _, _, hit, rule in chosen]


def _hit_span(match: re.Match[str], hit_groups: tuple[str, ...]) -> tuple[int, int]:
    """The part of the match the finding points at: the first ``< … >`` that took part."""
    for name in hit_groups:
        start, end = match.span(name)
        if start >= 0 and end > start:
            return start, end
    return match.span()


def _sentence_bounds(tokens: Tokens, first: int, last: int) -> tuple[int, int]:
    """Stream offsets of the start of the finding's sentence and the end of it."""
    s_first = tokens.sentences[tokens.sentence_of[first]][0]
    s_last = tokens.sentences[tokens.sentence_of[last]][1]
    return tokens.offsets[s_first], tokens.offsets[s_last + 1]


def _excuse(rule: Rule, tokens: Tokens, first: int, last: int, hit_start: int, hit_end: int) -> str:
    """Why this match is not flagged, or "" when it is."""
    for token in tokens.tokens[first : last + 1]:
        if "#q" in token.keys:
            return "inside a quotation: someone's own words, recorded as said"
    for q_start, q_end in tokens.quoted:
        if q_start < tokens.tokens[last].end and tokens.tokens[first].start < q_end:
            return "inside a quotation: someone's own words, recorded as said"
    sentence_start, sentence_end = _sentence_bounds(tokens, first, last)
    stream = tokens.stream
    if rule.compiled_before is not None and rule.compiled_before.search(
        stream, sentence_start, hit_start
    ):
        return f"careful context before it (unless_before: {rule.unless_before})"
    if rule.compiled_after is not None and rule.compiled_after.match(stream, hit_end, sentence_end):
        return f"careful context after it (unless_after: {rule.unless_after})"
    if rule.compiled_sentence is not None and rule.compiled_sentence.search(
        stream, sentence_start, sentence_end
    ):
        return f"careful context in the sentence (unless_sentence: {rule.unless_sentence})"
    if rule.compiled_if is not None and not rule.compiled_if.search(
        stream, sentence_start, sentence_end
    ):
        return f"the sentence lacks the context that makes it blaming (if_sentence: {rule.if_sentence})"
    if rule.actor in {"child", "family"}:
        actor = adult_actor(tokens, first, ADULT_ACTORS if rule.actor == "child" else PROFESSIONALS)
        if actor:
            return f"the one doing it is “{actor}”, not the child"
        if rule.quiet_if_passive and _passive(tokens, first):
            return "it was done to the child (a passive verb: “was sent”, “were shared”)"
    if rule.actor == "named_child":
        actor = subject_word(tokens, first)
        if (
            actor is None
            or actor.lower() in ADULT_ACTORS
            or (actor.lower() not in CHILD_ACTORS and not _is_name(tokens, actor))
        ):
            return "the sentence does not say a child did it"
    return ""


def _is_name(tokens: Tokens, word: str) -> bool:
    return word.lower() == "yp" or any(t.text == word and "#name" in t.keys for t in tokens.tokens)


_PASSIVE_AUX = frozenset({"be", "get"})


def _passive(tokens: Tokens, first: int) -> bool:
    """Whether the finding starts with a past participle after "was", "were", "got"...: done to them."""
    verb = tokens.tokens[first]
    if not verb.is_word or "#VERB" not in verb.keys or tense_of(verb.text) not in {"VBN", "VBD"}:
        return False
    i = first - 1
    while i >= 0 and tokens.tokens[i].is_word and "#ly" in tokens.tokens[i].keys:
        i -= 1
    return (
        i >= 0
        and bool(tokens.tokens[i].keys & _PASSIVE_AUX)
        and tokens.tokens[i].text.lower() not in {"has", "have", "had"}
    )


def _details(tokens: Tokens, first: int, last: int, rule: Rule) -> tuple[str, ...]:
    words = []
    for token in tokens.tokens[first : last + 1]:
        if token.is_word:
            lemmas = sorted(
                k for k in token.keys if not k.startswith(("#", "=")) and k != token.text.lower()
            )
            words.append(f"{token.text}" + (f" (as {', '.join(lemmas)})" if lemmas else ""))
    out = [f"words: {'; '.join(words)}"]
    if rule.actor == "child":
        actor = subject_word(tokens, first)
        out.append(f"subject: “{actor}”" if actor else "subject: not named in this clause")
    return tuple(out)


def _clause_start(tokens: Tokens, index: int) -> int:
    s_first = tokens.sentences[tokens.sentence_of[index]][0] if index < len(tokens.tokens) else 0
    i = index - 1
    while i >= s_first:
        token = tokens.tokens[i]
        lower = token.text.lower()
        if lower in _CLAUSE_BREAKS or (
            "#VERB" in token.keys and token.keys & {"say", "tell", "report", "describe", "state"}
        ):
            # "Freya and the man had sex": "and" joins two subjects, not two clauses, when no verb
            # comes before it in the sentence.
            if lower in {"and", "or"} and not _starts_clause(tokens, i, index):
                i -= 1
                continue
            # "as YP was said to be" starts a clause; "described the man as a dealer" does not.
            if lower == "as" and (i + 1 >= index or not _is_child_word(tokens.tokens[i + 1])):
                i -= 1
                continue
            return i + 1
        i -= 1
    return s_first


def _is_verb(token: Token) -> bool:
    return ("#VERB" in token.keys and "#NOUN" not in token.keys) or "#AUX" in token.keys


def _starts_clause(tokens: Tokens, conjunction: int, index: int) -> bool:
    """Whether "and"/"or" at ``conjunction`` starts a new clause with its own subject ("… and Tia
    chose to go"), rather than joining two people ("Sara and her brother") or two verbs ("to carry a
    knife and hold drugs")."""
    following = tokens.tokens[conjunction + 1 : min(index, conjunction + 5)]
    if not following or _is_verb(following[0]):
        return False
    for before, token in itertools.pairwise([tokens.tokens[conjunction], *following]):
        if _is_verb(token) and before.text.lower() != "to":
            return True
    return False


def subject_word(tokens: Tokens, index: int) -> str | None:
    """The first person named in the clause before ``index`` (skipping possessors: in "Mason's dad",
    it is "dad"), or None."""
    i = _clause_start(tokens, index)
    while i < index:
        token = tokens.tokens[i]
        lower = token.text.lower()
        following = tokens.tokens[i + 1] if i + 1 < len(tokens.tokens) else None
        possessor = following is not None and "#poss" in following.keys
        if not possessor and (
            lower in ADULT_ACTORS
            or lower in CHILD_ACTORS
            or "#name" in token.keys
            or "#adultage" in token.keys
            or lower == "yp"
        ):
            return token.text
        i += 1
    return None


_OLDER_PEOPLE = frozenset(
    [
        "brother",
        "brothers",
        "sister",
        "sisters",
        "cousin",
        "cousins",
        "boy",
        "boys",
        "lad",
        "lads",
        "girl",
        "girls",
        "males",
        "friend",
        "friends",
        "teenagers",
        "teens",
        "youths",
    ]
)


def _is_child_word(token: Token) -> bool:
    text = token.text.lower()
    return "#name" in token.keys or text in CHILD_ACTORS or text == "yp"


def adult_actor(tokens: Tokens, index: int, actors: frozenset[str] = ADULT_ACTORS) -> str | None:
    """The adult, parent or professional doing what the words at ``index`` describe, if there is one:
    the first person named in the clause, or an adult named after "by" ("used by adults to sell")."""
    if tokens.tokens[index].text.lower() in {"his", "her", "their"} or (
        index > 1
        and "#poss" in tokens.tokens[index - 1].keys
        and _is_child_word(tokens.tokens[index - 2])
    ):
        return None  # "his criminality", "Leo's risky behaviour": the child's own, named as theirs
    i = _clause_start(tokens, index)
    first_person: str | None = None
    while i < index:
        token = tokens.tokens[i]
        lower = token.text.lower()
        following = tokens.tokens[i + 1] if i + 1 < len(tokens.tokens) else None
        possessor = following is not None and "#poss" in following.keys
        adult = lower in actors or (actors is ADULT_ACTORS and "#adultage" in token.keys)
        if lower == "older" and following is not None and following.text.lower() in _OLDER_PEOPLE:
            adult = actors is ADULT_ACTORS  # "his older brother", "the older boys"
        if first_person is None and not possessor:
            if adult:
                return token.text
            if lower in CHILD_ACTORS or "#name" in token.keys or lower == "yp":
                first_person = token.text
        if lower == "by":
            for later in tokens.tokens[i + 1 : min(index, i + 5)]:
                if later.text.lower() in ADULTS or "#adultage" in later.keys:
                    return later.text
        i += 1
    return None


def _finding(text: str, hit: _Hit, rule: Rule, child_age: int | None) -> Finding:
    start, end = hit.span
    found = hit.text
    suggestion = (
        rule.suggestion if isinstance(rule.suggestion, str) else rule.suggestion(hit, child_age)
    )
    replaceable = not isinstance(suggestion, Advice)
    suggestion = str(suggestion)
    if replaceable:
        start, found, suggestion = fit_to_sentence(text, start, end, suggestion)
    if (
        replaceable
        and found[:1].isupper()
        and suggestion[:1].islower()
        and _at_sentence_start(text, start)
    ):
        suggestion = suggestion[0].upper() + suggestion[1:]
    return Finding(
        start=start,
        end=end,
        text=found,
        suggestion=suggestion,
        reason=f"{rule.reason.rstrip('.')} (in line with {rule.cite()}).",
        rule_id=rule.id,
        category=str(rule.category),
        replaceable=replaceable,
        alternatives=rule.alternatives,
    )


# Words that join a finding to what follows it ("dealing *for* older boys"): kept when the
# suggestion drops them, so the sentence still says for whom or with whom.
_LINKS = frozenset({"for", "with", "to", "into", "from"})
_SUGGESTION_LINKS = frozenset({"by", "for", "with", "to", "into", "through", "of", "from"})
_BE = frozenset({"is", "was", "are", "were", "am"})
_ARTICLES = frozenset({"a", "an", "the"})
_POSSESSIVES = frozenset({"her", "his", "their", "my", "your", "our"})
_VERBISH = frozenset({"being", "been", "be", "is", "was", "are", "were", "made", "at", "not"})
_WORD_BEFORE = re.compile(r"(\w+)(\s+)$")
_WORDS_AND_SPACE = re.compile(r"\w*\s*")
# How far back the word before a finding is first looked for (a word and the space after it).
_WORD_BEFORE_WINDOW = 100


def _word_before(text: str, start: int, window: int = _WORD_BEFORE_WINDOW) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text[:start])``, looking only at the last few characters: searching the
    whole note before every finding made a long note's findings cost more than finding them. The
    whole text is searched only when the window cannot tell (a word or space reaching past it)."""
    low = max(0, start - window)
    found = _WORD_BEFORE.search(text, low, start)
    if low == 0 or (found is not None and found.start() > low):
        return found
    if found is None and not _WORDS_AND_SPACE.fullmatch(text, low, start):
        return None
    return _WORD_BEFORE.search(text, 0, start)


def _article_for(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" and not word.lower().startswith("us") else "a"


def fit_to_sentence(text: str, start: int, end: int, suggestion: str) -> tuple[int, str, str]:
    """The suggestion fitted to the words around the finding, so "Use this wording" leaves a
    sentence that still reads and still says what the worker said: the context it replaces is
    kept ("dealing for older boys" -> "being made to sell drugs for older boys"; "works for a
    gang" -> "is being criminally exploited by a gang"), the tense around it is kept ("was
    plugging" -> "was being forced to ..."; "has been" + "being made to" -> "has been made to")
    and articles agree ("an" + "child" -> "a child"). Returns the (possibly earlier) start, the
    text now replaced, and the suggestion."""
    found = text[start:end]
    words = found.split()
    if not words or not suggestion:
        return start, found, suggestion
    first = words[0].lower()
    # 1. The context after a linking word the rule matched but the suggestion does not say.
    tail: list[str] = []
    if len(words) > 2 and words[-1].lower() == "and":
        tail = words[1:]  # "holding drugs and" -> "... hold" + "drugs and"
    elif len(words) > 1 and words[-1].lower() in _LINKS:
        tail = words[-1:]  # "dealing for" (older boys)
    else:
        # "works for a gang": who the child is made to work for is in the finding itself.
        for i in range(len(words) - 1, 0, -1):
            if words[i].lower() == "for":
                tail = words[i:]
                break
    said = suggestion.lower().split()
    if tail and all(w.lower() in said for w in tail[1:]) and len(tail) > 1:
        tail = []  # the suggestion already says it ("through drug dealing")
    if tail:
        ending = suggestion.split()[-1].lower()
        if ending in _SUGGESTION_LINKS and tail[0].lower() in _LINKS:
            suggestion = " ".join([suggestion, *tail[1:]])
        elif not suggestion.lower().endswith(" ".join(tail).lower()):
            suggestion = " ".join([suggestion, *tail])
    # 2. The tense the finding carried ("was plugging" -> "was being forced").
    if first in _BE and suggestion.split()[0].lower() not in _BE | {"has", "have", "had"}:
        suggestion = f"{words[0]} {suggestion}"
    # 3. An article the finding began with, kept and agreeing ("a drug dealer" -> "a child ...").
    lead = suggestion.split()[0].lower()
    if first in _ARTICLES and lead not in _ARTICLES | _VERBISH and lead not in _POSSESSIVES:
        suggestion = f"{_article_for(suggestion)} {suggestion}"
    # 4. The word just before the finding.
    before = _word_before(text, start)
    if before:
        word, gap = before.group(1), before.group(2)
        lower = word.lower()
        lead = suggestion.split()[0].lower()
        if lower in {"been", "be"} and lead == "being" and len(suggestion.split()) > 1:
            suggestion = suggestion.split(" ", 1)[1]  # "has been being made" -> "has been made"
        elif lower in {"a", "an"} and lead not in _ARTICLES:
            # The article outside the finding is replaced with it: dropped before a verb
            # ("is a being exploited"), made to agree before a noun ("an child" -> "a child").
            start -= len(word) + len(gap)
            if lead not in _VERBISH:
                article = _article_for(suggestion)
                suggestion = (
                    f"{article.capitalize() if word[0].isupper() else article} {suggestion}"
                )
        elif lower in _POSSESSIVES and lead in _ARTICLES and len(suggestion.split()) > 1:
            suggestion = suggestion.split(" ", 1)[1]  # "her the adult" -> "her adult"
    return start, text[start:end], suggestion


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip(" \t\"'\u201c\u2018([")
    return not before or before[-1] in ".!?\n"


__all__ = ["DEFAULT_RULE_SET", "Finding", "RuleSet", "Step", "check", "check_with", "explain"]
