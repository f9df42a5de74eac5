"""Finds victim-blaming or labelling wording in a note and says what to write instead.

``check(text)`` runs every rule in ``rules.RULES`` (precompiled at import), drops matches that a
rule's guards or quotation marks excuse, and keeps the longest where two overlap. Offsets index the
text exactly as given, so ``text[f.start:f.end] == f.text`` always.

Speed: Python's regular expressions scan slowly when a pattern has no fixed first letter, and there
are dozens of patterns. So the note is split into words once; a rule's pattern is tried only at the
word holding one of its keywords and the few words before it. Which rules a word can start is
worked out once per distinct word and remembered.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from relsafe.language.rules import RULES, Advice, Category, Rule

# Someone's own words, recorded as said, are not the writer's wording: never flag inside them.
_QUOTED = re.compile(r'"[^"\n]{0,2000}"|\u201c[^\u201d\n]{0,2000}\u201d')
# Sentence guards look no further than this either side of a match.
_SENTENCE_REACH = 300
# A rule's pattern is tried at the word holding one of its keywords and this many words before it
# (the longest lead-ins are "has been putting herself", "of his own free will").
_WORDS_BEFORE = 6
_WORD = re.compile(r"\w+")
_WORD_CACHE_LIMIT = 100_000


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


class RuleSet:
    """Rules plus the index from words to the rules their keywords can trigger."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.always = tuple(i for i, rule in enumerate(self.rules) if not rule.keywords)
        keyword_rules: dict[str, set[int]] = {}
        for i, rule in enumerate(self.rules):
            for keyword in rule.keywords:
                keyword_rules.setdefault(keyword, set()).add(i)
        self._keywords = tuple((k, frozenset(v)) for k, v in keyword_rules.items())
        self._word_rules: dict[str, frozenset[int]] = {}

    def rules_for(self, word: str) -> frozenset[int]:
        """Indexes of the rules with a keyword inside this (lower-cased) word."""
        cached = self._word_rules.get(word)
        if cached is not None:
            return cached
        found: set[int] = set()
        for keyword, indexes in self._keywords:
            if keyword in word:
                found |= indexes
        result = frozenset(found)
        if len(self._word_rules) >= _WORD_CACHE_LIMIT:
            self._word_rules.clear()
        self._word_rules[word] = result
        return result


DEFAULT_RULE_SET = RuleSet(RULES)


def check(text: str, *, child_age: int | None = None) -> list[Finding]:
    """Every finding in ``text``, sorted by position and never overlapping.

    ``child_age`` (when the note is about a known child) picks age-aware wording: "sexually active"
    of a child under 13 becomes "being raped", under 16 "being sexually abused".
    """
    return check_with(DEFAULT_RULE_SET, text, child_age=child_age)


def check_with(
    rules: RuleSet | Sequence[Rule],
    text: str,
    *,
    child_age: int | None = None,
    prefilter: bool = True,
) -> list[Finding]:
    """``check`` with a chosen rule set. ``prefilter=False`` scans the whole text with every
    pattern (slow; the tests use it to prove the keyword index changes nothing)."""
    if not text:
        return []
    rule_set = rules if isinstance(rules, RuleSet) else RuleSet(rules)
    quoted = [m.span() for m in _QUOTED.finditer(text)] if ('"' in text or "\u201c" in text) else []
    candidates: list[tuple[int, int, int, re.Match[str], Rule]] = []
    for order, rule, matches in _matches(rule_set, text, prefilter=prefilter):
        if not rule.applies_to(child_age):
            continue
        for match in matches:
            start, end = match.span()
            if start == end or _inside(quoted, start, end) or _excused(rule, text, start, end):
                continue
            candidates.append((start, end, order, match, rule))
    # Longest match wins; on a tie, the earlier text, then the earlier rule.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[tuple[int, int, int, re.Match[str], Rule]] = []
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
    return [_finding(text, match, rule, child_age) for _, _, _, match, rule in chosen]


def _words_to_try(rule_set: RuleSet, text: str) -> tuple[list[int], dict[int, set[int]]]:
    """Where each word starts, and for each rule the word indexes where its pattern could start."""
    word_starts: list[int] = []
    tries: dict[int, set[int]] = {}
    for index, word in enumerate(_WORD.finditer(text)):
        word_starts.append(word.start())
        for rule_index in rule_set.rules_for(word.group().lower()):
            tries.setdefault(rule_index, set()).update(
                range(max(0, index - _WORDS_BEFORE), index + 1)
            )
    return word_starts, tries


def _matches_at(rule: Rule, text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """The rule's matches starting at these offsets, dropping any that start inside an earlier
    one, as ``finditer`` does."""
    kept: list[re.Match[str]] = []
    for start in starts:
        match = rule.compiled.match(text, start)
        if match is not None and (not kept or match.start() >= kept[-1].end()):
            kept.append(match)
    return kept


def _matches(
    rule_set: RuleSet, text: str, *, prefilter: bool
) -> Iterable[tuple[int, Rule, Iterable[re.Match[str]]]]:
    """Each rule with its matches in ``text``, as ``finditer`` over the whole text would give them."""
    if not prefilter:
        for order, rule in enumerate(rule_set.rules):
            yield order, rule, rule.compiled.finditer(text)
        return
    word_starts, tries = _words_to_try(rule_set, text)
    for order in rule_set.always:
        yield order, rule_set.rules[order], rule_set.rules[order].compiled.finditer(text)
    for order in sorted(tries):
        rule = rule_set.rules[order]
        starts = (word_starts[word_index] for word_index in sorted(tries[order]))
        yield order, rule, _matches_at(rule, text, starts)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(q_start <= start and end <= q_end for q_start, q_end in spans)


def _sentence_start(text: str, start: int) -> int:
    lo = max(0, start - _SENTENCE_REACH)
    chunk = text[lo:start]
    cut = max(chunk.rfind("."), chunk.rfind("!"), chunk.rfind("?"), chunk.rfind("\n"))
    return lo + cut + 1 if cut >= 0 else lo


def _sentence_end(text: str, end: int) -> int:
    chunk = text[end : end + _SENTENCE_REACH]
    found = [
        i for i in (chunk.find("."), chunk.find("!"), chunk.find("?"), chunk.find("\n")) if i >= 0
    ]
    return end + (min(found) if found else len(chunk))


def _excused(rule: Rule, text: str, start: int, end: int) -> bool:
    if rule.compiled_before is not None:
        before = text[_sentence_start(text, start) : start]
        if rule.compiled_before.search(before):
            return True
    if rule.compiled_after is not None and rule.compiled_after.match(
        text, end, min(len(text), end + _SENTENCE_REACH)
    ):
        return True
    if rule.compiled_sentence is not None:
        sentence = text[_sentence_start(text, start) : _sentence_end(text, end)]
        if rule.compiled_sentence.search(sentence):
            return True
    return False


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip(" \t\"'\u201c\u2018([")
    return not before or before[-1] in ".!?\n"


def _finding(text: str, match: re.Match[str], rule: Rule, child_age: int | None) -> Finding:
    start, end = match.span()
    found = match.group(0)
    suggestion = (
        rule.suggestion if isinstance(rule.suggestion, str) else rule.suggestion(match, child_age)
    )
    replaceable = not isinstance(suggestion, Advice)
    suggestion = str(suggestion)
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
