"""What a rule is: a pattern over words and lemmas, a category, better wording and one sentence of why.

The rules themselves are in ``rules.py``; the pattern language is described in ``patterns.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

import lemminflect

from relsafe.language.patterns import (
    PatternError,
    compile_pattern,
    shape_of,
    top_level_alternatives,
)


class Category(StrEnum):
    CHOICE = "choice"
    CONSENT_RELATIONSHIP = "consent_relationship"
    INVOLVEMENT = "involvement"
    IMAGE_ABUSE = "image_abuse"
    DRUG_RUNNING = "drug_running"
    MISSING = "missing"
    ADULTIFYING = "adultifying"
    PARENT_BLAMING = "parent_blaming"
    LABEL = "label"
    MINIMISING = "minimising"
    DISBELIEF = "disbelief"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.CHOICE: "Implies the child chose to be harmed",
    Category.CONSENT_RELATIONSHIP: "Frames abuse as consent, a relationship or a transaction",
    Category.INVOLVEMENT: "Frames the child as involved in, or guilty of, their own exploitation",
    Category.IMAGE_ABUSE: "Makes the child the actor in image-based abuse",
    Category.DRUG_RUNNING: "Uses drug-market slang for what the child was made to do",
    Category.MISSING: "Treats going missing as wrongdoing",
    Category.ADULTIFYING: "Treats the child as older or more able to protect themselves",
    Category.PARENT_BLAMING: "Blames parents for harm from outside the family",
    Category.LABEL: "Labels the child or parent instead of describing what happened",
    Category.MINIMISING: "Minimises or sexualises abuse",
    Category.DISBELIEF: "Doubts what the child says",
}

SOURCES: dict[str, str] = {
    "tcs": "The Children's Society “Appropriate language” guidance (2018/2022)",
    "cse_taskforce": "the CSE Taskforce and NAPAC “Child exploitation and abuse: an appropriate language guide” (2024)",
    "product": "relsafe's own guidance on careful wording",
    "luxembourg": "the Luxembourg Terminology Guidelines (2016)",
    "sexual_offences_act": "the Sexual Offences Act 2003",
    "missing_guidance": "the statutory guidance on children who run away or go missing from home or care (2014)",
    "adultification": "the national principle on inequality and discrimination (adultification of Black and minoritised children)",
}
DEFAULT_SOURCES = ("tcs", "product")


class Advice(str):
    """A suggestion that is advice to the writer, not words that can replace the phrase as they are."""

    __slots__ = ()


class Hit(Protocol):
    """What a suggestion can see of a match: the words of the finding and of its named groups."""

    @property
    def text(self) -> str: ...

    def group(self, name: str) -> str: ...


class Wording(Protocol):
    def __call__(self, hit: Hit, child_age: int | None) -> str: ...

    def wordings(self) -> tuple[str, ...]: ...


def _norm(words: str) -> str:
    return " ".join(words.lower().replace("\u2019", "'").split())


@dataclass(frozen=True)
class ByWord:
    """Picks the wording by the words of a named group, so tense and number still fit the sentence.

    ``group`` may name several groups, tried in order until one matched; ``""`` means the whole
    finding and ``"^"`` its first word.
    """

    group: str | tuple[str, ...]
    choices: Mapping[str, str]
    default: str

    def __call__(self, hit: Hit, child_age: int | None) -> str:
        for name in (self.group,) if isinstance(self.group, str) else self.group:
            if name == "^":
                word = (hit.text.split() or [""])[0]
            else:
                word = hit.group(name) if name else hit.text
            key = _norm(word)
            if key in self.choices:
                return self.choices[key]
        return self.default

    def wordings(self) -> tuple[str, ...]:
        return (self.default, *self.choices.values())


_BE_BY_TAG = {"VBD": "was", "VBZ": "is", "VBG": "being", "VBN": "been", "VB": "be", "VBP": "are"}
_BE_WORDS = {
    "is": "is",
    "'s": "is",
    "are": "are",
    "'re": "are",
    "was": "was",
    "were": "were",
    "be": "be",
    "been": "been",
    "being": "being",
    "has": "is",
    "have": "are",
    "had": "was",
    "got": "was",
    "gets": "is",
    "get": "be",
    "getting": "being",
    "gotten": "been",
    "became": "was",
    "becomes": "is",
    "become": "been",
    "becoming": "being",
    "keeps": "is",
    "kept": "was",
}


@lru_cache(maxsize=20_000)
def tense_of(word: str) -> str | None:
    """The Penn tag of a verb as written (``VBD`` for "chose"), or None when it is not a verb."""
    lower = word.lower()
    for lemma in lemminflect.getAllLemmas(lower).get("VERB", ()):
        for tag, forms in lemminflect.getAllInflections(lemma).items():
            if lower in forms:
                return str(tag)
    return None


def be_like(word: str) -> str:
    """The form of "be" that fits where this verb or auxiliary stood ("chose" -> "was")."""
    words = _norm(word).split()
    if not words:
        return ""
    first = words[0]
    if first in _BE_WORDS:
        return _BE_WORDS[first]
    return _BE_BY_TAG.get(tense_of(first) or "", "is")


def _tidy(text: str) -> str:
    """One space between words, and "has been being exploited" reads "has been exploited"."""
    words = " ".join(text.split())
    return words.replace("been being ", "been ").replace("being being ", "being ")


_FIELD = re.compile(r"\{(?:(be):)?(\w+)\}")


@dataclass(frozen=True)
class Template:
    """Wording built from the match, so the suggestion keeps its context: ``"being criminally exploited
    through {term}"`` turns "involved in county lines" into "being criminally exploited through county
    lines". ``{be:verb}`` is the form of "be" that fits the verb in group ``verb``."""

    text: str
    # Used where a group is empty, and to prove the wording is careful (tests).
    example: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, hit: Hit, child_age: int | None) -> str:
        def fill(match: re.Match[str]) -> str:
            words = hit.group(match.group(2))
            return be_like(words) if match.group(1) else words

        return _tidy(_FIELD.sub(fill, self.text))

    def wordings(self) -> tuple[str, ...]:
        def fill(match: re.Match[str]) -> str:
            words = self.example.get(match.group(2), "")
            return be_like(words) if match.group(1) else words

        return (_tidy(_FIELD.sub(fill, self.text)),)


@dataclass(frozen=True)
class ByAge:
    """Picks the wording by the child's age when it is known (the law treats under-13s and under-16s
    differently: Sexual Offences Act 2003, ss. 5 and 9)."""

    under_13: str
    under_16: str
    sixteen_or_over: str
    unknown: str

    def __call__(self, hit: Hit, child_age: int | None) -> str:
        if child_age is None:
            return self.unknown
        if child_age < 13:
            return self.under_13
        if child_age < 16:
            return self.under_16
        return self.sixteen_or_over

    def wordings(self) -> tuple[str, ...]:
        return (self.under_13, self.under_16, self.sixteen_or_over, self.unknown)


@dataclass(frozen=True, eq=False)
class Branch:
    """One top-level alternative of a rule's pattern, compiled."""

    rule: Rule
    regex: re.Pattern[str]
    anchors: tuple[str, ...]
    reach: int
    span: int
    hit_groups: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One rule. ``pattern`` and the guards are in the pattern language of ``patterns.py``.

    Guards keep careful notes quiet: ``unless_before`` is searched in the same sentence before the
    finding (end it with ``$`` for "right before"), ``unless_after`` must match right after it,
    ``unless_sentence`` anywhere in the sentence. ``if_sentence`` must be found somewhere in the
    sentence for the rule to apply (the context that makes the words blaming). ``actor="child"``
    means the rule is about what a child does: it is quiet when the one doing it is an adult, a parent
    or a professional ("the police ran a check", "the worker sent the images to CEOP").
    """

    id: str
    category: Category
    pattern: str
    suggestion: str | ByWord | ByAge | Template | Advice
    reason: str
    examples: tuple[str, ...]
    # Sentences with the same words that must not be flagged (near misses).
    careful: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    unless_before: str | None = None
    unless_after: str | None = None
    unless_sentence: str | None = None
    if_sentence: str | None = None
    actor: str | None = None
    # Quiet when the words are passive ("she was sent nude photos", "her pictures were shared"):
    # then it was done to the child.
    quiet_if_passive: bool = False
    # The rule stops applying once the child's known age reaches this (e.g. 18: no longer a child).
    until_age: int | None = None
    # The rule applies only when the child's age is known and below this.
    only_under_age: int | None = None
    sources: tuple[str, ...] = DEFAULT_SOURCES
    # Worked out from the pattern (``patterns.shape_of``): words one of which every match contains,
    # so the rule is only tried near them, and how many words before such a word a match may start.
    anchors: tuple[str, ...] = field(init=False, default=(), compare=False)
    reach: int = field(init=False, default=0, compare=False)
    # The most words a match can span (so a search need not look further).
    span: int = field(init=False, default=0, compare=False)
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # The top-level alternatives of the pattern, each compiled with its own anchors and reach.
    branches: tuple[Branch, ...] = field(init=False, default=(), repr=False, compare=False)
    compiled_before: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    compiled_after: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    compiled_sentence: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    compiled_if: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def compile(self, classes: Mapping[str, str]) -> Rule:
        def compile_(pattern: str | None) -> re.Pattern[str] | None:
            return re.compile(compile_pattern(pattern, classes)) if pattern else None

        shape = shape_of(self.pattern, classes)
        if not shape.anchors:
            raise PatternError(
                f"rule {self.id}: every match must contain some word the rule can be found by"
            )
        object.__setattr__(self, "anchors", tuple(sorted(shape.anchors)))
        object.__setattr__(self, "reach", shape.reach)
        object.__setattr__(self, "span", max(1, shape.length) + 1)
        object.__setattr__(self, "compiled", compile_(self.pattern))
        branches = []
        for alternative in top_level_alternatives(self.pattern):
            branch_shape = shape_of(alternative, classes)
            regex = re.compile(compile_pattern(alternative, classes))
            branches.append(
                Branch(
                    rule=self,
                    regex=regex,
                    anchors=tuple(sorted(branch_shape.anchors or ())),
                    reach=branch_shape.reach,
                    span=max(1, branch_shape.length) + 1,
                    hit_groups=tuple(n for n in regex.groupindex if n[:3] == "hit"),
                )
            )
        object.__setattr__(self, "branches", tuple(branches))
        object.__setattr__(self, "compiled_before", compile_(self.unless_before))
        object.__setattr__(self, "compiled_after", compile_(self.unless_after))
        object.__setattr__(self, "compiled_sentence", compile_(self.unless_sentence))
        object.__setattr__(self, "compiled_if", compile_(self.if_sentence))
        return self

    @property
    def hit_groups(self) -> tuple[str, ...]:
        return tuple(
            n
            for n in self.compiled.groupindex
            if n == "hit" or (n[:3] == "hit" and n[3:].isdigit())
        )

    def applies_to(self, child_age: int | None) -> bool:
        """Whether the rule applies to a child of this age (``None``: age not known)."""
        if self.only_under_age is not None and (
            child_age is None or child_age >= self.only_under_age
        ):
            return False
        return not (
            self.until_age is not None and child_age is not None and child_age >= self.until_age
        )

    def wordings(self) -> tuple[str, ...]:
        """Every wording this rule can suggest (used to prove suggestions are themselves careful)."""
        if isinstance(self.suggestion, str):
            return (self.suggestion, *self.alternatives)
        return (*self.suggestion.wordings(), *self.alternatives)

    def cite(self) -> str:
        return "; ".join(SOURCES[s] for s in self.sources)

    @property
    def source_names(self) -> tuple[str, ...]:
        return tuple(SOURCES[s] for s in self.sources)

    @property
    def suggestion_text(self) -> str:
        """The suggestion as the "Check your wording" page lists it."""
        return self.wordings()[0]

    @property
    def replaceable(self) -> bool:
        return not isinstance(self.suggestion, Advice) and not (
            isinstance(self.suggestion, ByAge) and isinstance(self.suggestion.unknown, Advice)
        )
