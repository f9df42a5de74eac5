"""Reading what a worker types into the find box, and scoring names that may be spelt differently.

Pure functions with no database access, so they can be tested exhaustively (Hypothesis). The
selectors decide *which* families are searched; this module only says how well a name matches.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# A token-wise name score (0-100) at or above this counts as a match in "Find".
NAME_MATCH_THRESHOLD = 80.0
# A bare prefix of a name ("Jay" for "Jayden") counts as this strong, so partial typing works.
PREFIX_SCORE = 90.0

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_REFERENCE = re.compile(r"^([a-z]{1,4})-?(\d{1,6})$", re.IGNORECASE)
_SPLIT = re.compile(r"[\s,;]+")


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, hyphens as spaces, other punctuation gone:
    "Zoë O'Brien-Smith" → "zoe obrien smith". Cached: the same names are scored on every search."""
    if text.isascii():
        plain = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[''`]", "", plain)
    plain = re.sub(r"[^\w\s]|_", " ", plain)
    return " ".join(plain.split())


def name_tokens(*names: str) -> list[str]:
    """The distinct normalised words of one or more names, in order."""
    seen: list[str] = []
    for name in names:
        for token in normalise(name).split():
            if token not in seen:
                seen.append(token)
    return seen


def parse_date(text: str) -> dt.date | None:
    """A date written the UK way, day first: 2/5/2012, 02/05/2012, 2-5-2012 or 2.5.2012.
    Anything else, including impossible dates like 31/2/2012, is not a date."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalise_reference(text: str) -> str | None:
    """ "rs-1", "RS0001" and "rs-0001" are all RS-0001."""
    match = _REFERENCE.match(text.strip())
    if match is None:
        return None
    prefix, number = match.groups()
    return f"{prefix.upper()}-{int(number):04d}"


@dataclass(frozen=True)
class ParsedQuery:
    """What was typed, split into the parts the search treats differently."""

    dates: tuple[dt.date, ...] = ()
    references: tuple[str, ...] = ()
    tokens: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.dates or self.references or self.tokens)


def parse_query(text: str) -> ParsedQuery:
    """Split the find box into dates of birth, family references and name words."""
    dates: list[dt.date] = []
    references: list[str] = []
    words: list[str] = []
    for part in _SPLIT.split(text.strip()):
        if not part:
            continue
        date = parse_date(part)
        if date is not None:
            dates.append(date)
            continue
        reference = normalise_reference(part) if any(c.isdigit() for c in part) else None
        if reference is not None:
            references.append(reference)
            continue
        words.append(part)
    return ParsedQuery(tuple(dates), tuple(references), tuple(name_tokens(" ".join(words))))


@dataclass(frozen=True)
class NameMatch:
    score: float
    # For each query word, the word in the name it matched best (for the "why" shown to the worker).
    pairs: tuple[tuple[str, str, float], ...]


def token_score(query_token: str, candidate_token: str) -> float:
    if query_token == candidate_token:
        return 100.0
    if len(query_token) >= 2 and candidate_token.startswith(query_token):
        return PREFIX_SCORE
    return float(fuzz.ratio(query_token, candidate_token))


def score_name(query_tokens: Iterable[str], candidate_tokens: Iterable[str]) -> NameMatch:
    """Each query word against its best-matching word in the candidate's names, averaged: word
    order does not matter ("Mensah Jayden"), and one misspelt word costs only its share."""
    candidates = list(candidate_tokens)
    pairs: list[tuple[str, str, float]] = []
    for q in query_tokens:
        best = max(((token_score(q, c), c) for c in candidates), default=(0.0, ""))
        pairs.append((q, best[1], best[0]))
    if not pairs:
        return NameMatch(0.0, ())
    return NameMatch(sum(p[2] for p in pairs) / len(pairs), tuple(pairs))


def describe_name_match(match: NameMatch) -> str:
    """ "Name matches" or "Name is close: 'jaden' is like 'jayden'" (words, not symbols: a screen
    reader and a tired reader both read it)."""
    inexact = [(q, c) for q, c, s in match.pairs if s < 100.0]
    if not inexact:
        return "Name matches"
    return "Name is close: " + ", ".join(f"'{q}' is like '{c}'" for q, c in inexact)
