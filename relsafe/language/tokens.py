"""Splits a note into words with their lemmas, so rules match "chose", "choosing" and "chooses" alike.

Each word gets a set of **keys**: its lower-case form, every lemma lemminflect knows for it (all parts
of speech: "left" is both "left" and "leave"), a repaired spelling when the word is unknown and one
letter away from a word the rules use ("absconed" -> "absconded", "puting" -> "putting"), and tags
starting with ``#`` (``#w`` a word, ``#p`` punctuation, ``#cap`` capitalised, ``#name`` probably a
person's name, ``#adultage`` an age of 18 or more, ``#childage`` an age under 18, ``#q`` inside a
quotation). The note is then written out as a **stream**, one ``{ key key … }`` group per token, which
the compiled rule patterns (``patterns.py``) run over.

lemminflect ships its tables inside the package: nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import lemminflect
from rapidfuzz.distance import DamerauLevenshtein

# Words, with apostrophes inside ("won't", "Kayden's") and hyphens between letters ("risk-taking" is
# two words, with no token for the hyphen). Everything else that is not space is one punctuation token.
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|\n|[^\w\s]")
_CLITIC = re.compile(r"(?i)^(.+?)((?:n['\u2019]t)|(?:['\u2019](?:s|re|ll|ve|d|m)))$")
_CLITIC_KEYS: dict[str, tuple[str, ...]] = {
    "n't": ("n't", "not"),
    "'s": ("'s", "be", "have", "#poss"),
    "'re": ("'re", "be"),
    "'ll": ("'ll", "will"),
    "'ve": ("'ve", "have"),
    "'d": ("'d", "would", "have"),
    "'m": ("'m", "be"),
}
# The first half of a word split before "n't" that is not a word on its own.
_BEFORE_NOT = {"wo": "will", "ca": "can", "sha": "shall", "ai": "be"}
# Ends a sentence for the rules (a pattern never reaches across one).
SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})
# Capitalised words that are not people's names even in the middle of a sentence.
_NOT_NAMES = frozenset(
    [
        "i",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "it",
        "we",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "mum",
        "mam",
        "mom",
        "dad",
        "mother",
        "father",
        "nan",
        "nana",
        "gran",
        "grandma",
        "grandad",
        "grandmother",
        "grandfather",
        "aunt",
        "auntie",
        "uncle",
        "brother",
        "sister",
        "cousin",
        "stepdad",
        "stepmum",
        "carer",
        "carers",
        "police",
        "pc",
        "ps",
        "dc",
        "ds",
        "sgt",
        "officer",
        "staff",
        "school",
        "college",
        "csc",
        "sw",
        "swt",
        "dsl",
        "yp",
        "cyp",
        "yot",
        "mash",
        "ceop",
        "camhs",
        "gp",
        "nhs",
        "iwf",
        "nrm",
        "cps",
        "sarc",
        "abe",
        "rhi",
        "taf",
        "tac",
        "cp",
        "cin",
        "lac",
        "cla",
        "ehcp",
        "pshe",
        "rse",
        "mfh",
        "misper",
        "edt",
        "idva",
        "isva",
        "cse",
        "cce",
        "ocg",
        "btp",
        "met",
        "mace",
        "ice",
        "sen",
        "send",
        "dwp",
        "uc",
        "a&e",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "christmas",
        "easter",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "no",
        "yes",
        "ok",
        "note",
        "update",
        "chronology",
        "strategy",
        "visit",
        "home",
        "contact",
        "info",
        "core",
        "session",
        "talked",
        "spoke",
    ]
)
# Unknown words are compared with these, one edit apart, so common typos still match the rules.
_TYPO_TARGETS: set[str] = set()
_TYPO_MIN_LENGTH = 5


def add_typo_targets(words: set[str]) -> None:
    """Words (every inflection of the rules' key words) that a misspelling may be repaired to."""
    _TYPO_TARGETS.update(w for w in words if len(w) >= _TYPO_MIN_LENGTH)
    _repair.cache_clear()
    word_keys.cache_clear()
    _keys_of.cache_clear()
    _WORD_KEYS_CACHE.clear()


def inflections(lemma: str) -> set[str]:
    """Every inflected form of a lemma lemminflect knows ("choose" -> chose, chosen, choosing...)."""
    forms = {lemma}
    for values in lemminflect.getAllInflections(lemma).values():
        forms.update(values)
    return forms


@lru_cache(maxsize=50_000)
def _repair(word: str) -> str | None:
    if len(word) < _TYPO_MIN_LENGTH or not word.isalpha():
        return None
    best: str | None = None
    for target in _TYPO_TARGETS:
        if abs(len(target) - len(word)) > 1 or target[0] != word[0]:
            continue
        if DamerauLevenshtein.distance(word, target, score_cutoff=1) <= 1:
            if best is not None and best != target:
                return None  # two words are equally close: do not guess
            best = target
    return best


@lru_cache(maxsize=100_000)
def word_keys(lower: str) -> tuple[tuple[str, ...], bool]:
    """The keys of one lower-case word, and whether lemminflect knows it."""
    keys = {lower}
    lemmas = lemminflect.getAllLemmas(lower)
    known = bool(lemmas)
    for pos, values in lemmas.items():
        keys.update(values)
        keys.add("#" + pos)
    if not known:
        repaired = _repair(lower)
        if repaired is not None:
            keys.add(repaired)
            for pos, values in lemminflect.getAllLemmas(repaired).items():
                keys.update(values)
                keys.add("#" + pos)
        else:
            for pos in ("VERB", "NOUN"):
                keys.update(lemminflect.getAllLemmasOOV(lower, pos).get(pos, ()))
    if lower.endswith("ly") and len(lower) > 4:
        keys.add("#ly")
    return tuple(sorted(k for k in keys if k and " " not in k)), known


def _full_group(keys: frozenset[str]) -> str:
    kind = "p" if "#p" in keys else "w"
    return "{" + kind + "".join(" " + k for k in sorted(keys) if k not in {"#w", "#p"}) + " }"


class Vocabulary:
    """The keys the rules can ask about. The stream carries only these, so each token's group is
    short and the patterns scan it quickly; what a group holds is remembered per set of keys."""

    def __init__(self, words: set[str], prefixes: set[str]) -> None:
        self.words = frozenset(words | {"#w", "#p"})
        self.prefixes = tuple(sorted(prefixes))
        self._groups: dict[frozenset[str], str] = {}

    def group(self, keys: frozenset[str]) -> str:
        found = self._groups.get(keys)
        if found is None:
            kept = sorted(
                k
                for k in keys
                if (k in self.words and k not in {"#w", "#p"})
                or (self.prefixes and k.startswith(self.prefixes))
            )
            found = "{" + ("p" if "#p" in keys else "w") + "".join(" " + k for k in kept) + " }"
            if len(self._groups) > 200_000:
                self._groups.clear()
            self._groups[keys] = found
        return found


class Token(NamedTuple):
    """One word or punctuation mark, where it is in the text, and its keys (a tuple: made often)."""

    start: int
    end: int
    text: str
    keys: frozenset[str]

    @property
    def is_word(self) -> bool:
        return "#w" in self.keys


@dataclass(frozen=True, slots=True)
class Tokens:
    """A note split into tokens, with the stream the patterns run over."""

    text: str
    tokens: tuple[Token, ...]
    stream: str
    # Offset in ``stream`` where each token's group starts, and one past the end of the stream.
    offsets: tuple[int, ...]
    # Index of the sentence each token is in, and each sentence's first and last token.
    sentence_of: tuple[int, ...]
    sentences: tuple[tuple[int, int], ...]
    # Character spans of the text inside quotation marks.
    quoted: tuple[tuple[int, int], ...]


def _raw_tokens(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if (
            word in "-\u2010\u2011"
            and start > 0
            and end < len(text)
            and text[start - 1].isalnum()
            and text[end].isalnum()
        ):
            continue  # "risk-taking" is the words "risk" and "taking"
        clitic = _CLITIC.match(word) if ("'" in word or "\u2019" in word) else None
        if clitic and clitic.group(1).isalpha():
            cut = start + len(clitic.group(1))
            out.append((start, cut, clitic.group(1)))
            out.append((cut, end, clitic.group(2)))
        else:
            out.append((start, end, word))
    return out


_QUOTE_PAIRS = (('"', '"'), ("\u201c", "\u201d"), ("\u201e", "\u201d"), ("\u00ab", "\u00bb"))
_QUOTE_REACH = 2000


_QUOTE_CHARS = re.compile("[\"'\u2018\u201c\u201e\u00ab]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: double quotes, curly quotes, and single quotes used as quotes
    (an opening straight or curly single quote at the start of a word, closed by one at the end of a
    word within the same line; an apostrophe inside a word such as "won't" does not close it)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    done = 0
    for found in _QUOTE_CHARS.finditer(text):
        i = found.start()
        if i < done:
            continue
        ch = text[i]
        close = next((c for o, c in _QUOTE_PAIRS if o == ch), None)
        if close is not None:
            limit = min(n, i + _QUOTE_REACH)
            j = text.find(close, i + 1, limit)
            if j > i and text.find("\n", i + 1, j) < 0:
                spans.append((i, j + 1))
                done = j + 1
            continue
        # a single quote opening a quotation: at the start of a word
        if (i > 0 and text[i - 1].isalnum()) or i + 1 >= n or not text[i + 1].isalnum():
            continue
        line_end = text.find("\n", i, min(n, i + 400))
        end = line_end if line_end >= 0 else min(n, i + 400)
        for close_match in _CLOSE_SINGLE.finditer(text, i + 1, end):
            j = close_match.start()
            if text[j - 1] not in " \t" and (j + 1 >= n or not text[j + 1].isalnum()):
                spans.append((i, j + 1))
                done = j + 1
                break
    return spans


_CLOSE_SINGLE = re.compile("['\u2019]")


_AGE_WORD = re.compile(r"^(\d{1,2})(?:yo|yrs?|y/o|yr)?$", re.IGNORECASE)
_AGE_AFTER = frozenset({"year", "years", "yr", "yrs", "yo", "y", "yearold"})
_AGE_BEFORE = frozenset({"aged", "age", "(", "is", "was", "of", "turned", "now"})
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "20s": 20,
    "30s": 30,
    "40s": 40,
}


def _age_tag(raw: list[tuple[int, int, str]], i: int) -> str | None:
    word = raw[i][2].lower()
    if word in _DECADES:
        return "#adultage"
    match = _AGE_WORD.match(word)
    if not match:
        return None
    value = int(match.group(1))
    suffixed = match.group(0) != match.group(1)
    after = raw[i + 1][2].lower() if i + 1 < len(raw) else ""
    before = raw[i - 1][2].lower() if i > 0 else ""
    if before in {":", "\u00a3", "$"} or after in {":", "%"}:
        return None  # a time (14:30), money or a percentage
    if suffixed or after in _AGE_AFTER or before in _AGE_BEFORE or after == ")":
        return "#adultage" if value >= 18 else "#childage"
    return None


_FRESH_START = frozenset({":", "-", "\u2013", "\u2014", "("})
# Per token as written and whether it starts a sentence: its keys, whether it needs a closer look
# (a "n't" that changes the word before it, a number or decade that may be an age), whether it
# ends a sentence and whether the next word starts afresh.
_WORD_KEYS_CACHE: dict[tuple[str, bool], tuple[frozenset[str], bool, bool, bool]] = {}
_PUNCT_KEYS = {"{": "#ob", "}": "#cb", "\n": "#nl"}


def _token_entry(word: str, sentence_start: bool) -> tuple[frozenset[str], bool, bool, bool]:
    """What ``tokenize`` needs to know of one token as written (cached: a note repeats most of its
    words, so the per-word checks are made once per word, not once per token)."""
    closer_look = (
        (len(word) == 3 and word[0] in "nN" and word[1] in "'\u2019")
        or word[0].isdigit()
        or (len(word) > 4 and word.lower() in _DECADES)
    )
    entry = (
        _token_keys(word, sentence_start),
        closer_look,
        word in SENTENCE_END,
        word in _FRESH_START,
    )
    if len(_WORD_KEYS_CACHE) > 200_000:
        _WORD_KEYS_CACHE.clear()
    _WORD_KEYS_CACHE[(word, sentence_start)] = entry
    return entry


def _token_keys(word: str, sentence_start: bool) -> frozenset[str]:
    """The keys of one token as written."""
    lower = word.lower().replace("\u2019", "'")
    if lower in _CLITIC_KEYS:
        keys = frozenset({"#w", *_CLITIC_KEYS[lower]})
    elif word[0].isalnum():
        cap = word[0].isupper()
        name = cap and lower not in _NOT_NAMES and not (word.isupper() and len(word) > 1)
        keys = _keys_of(lower, None, cap, name, sentence_start)
    else:
        keys = frozenset({"#p", _PUNCT_KEYS.get(word, word)})
    return keys


@lru_cache(maxsize=100_000)
def _keys_of(
    lower: str, base: str | None, cap: bool, name: bool, sentence_start: bool
) -> frozenset[str]:
    found, known = word_keys(base or lower)
    keys = {"#w", "=" + lower, *found}
    if cap:
        keys.add("#cap")
        if name and (not sentence_start or not known):
            keys.add("#name")
    if lower.isdigit():
        keys.add("#num")
    return frozenset(keys)


def tokenize(text: str, vocabulary: Vocabulary | None = None) -> Tokens:
    raw = _raw_tokens(text)
    quoted = quoted_spans(text) if any(q in text for q in "\"'\u201c\u2018\u201e\u00ab") else []
    tokens: list[Token] = []
    sentence_of: list[int] = []
    sentences: list[tuple[int, int]] = []
    sentence = 0
    first = 0
    sentence_start = True
    q = 0
    n_quoted = len(quoted)
    entry_of = _WORD_KEYS_CACHE.get
    append = tokens.append
    append_sentence = sentence_of.append
    new = tuple.__new__  # Token(...) without the NamedTuple constructor's extra call
    for i, (start, end, word) in enumerate(raw):
        entry = entry_of((word, sentence_start))
        if entry is None:
            entry = _token_entry(word, sentence_start)
        keys, closer_look, ends, fresh = entry
        if closer_look:
            if len(word) == 3 and word[0] in "nN" and i > 0 and word[1] in "'\u2019":
                # "won't", "can't": the word before is "will", "can"
                before = tokens[-1]
                base = _BEFORE_NOT.get(before.text.lower())
                if base is not None:
                    tokens[-1] = Token(before.start, before.end, before.text, before.keys | {base})
            if word[0].isdigit() or (len(word) > 4 and word.lower() in _DECADES):
                age = _age_tag(raw, i)
                if age:
                    keys = keys | {age}
        if q < n_quoted:
            while q < n_quoted and quoted[q][1] <= start:
                q += 1
            if q < n_quoted and quoted[q][0] < start < quoted[q][1]:
                keys = keys | {"#q"}
        append(new(Token, (start, end, word, keys)))
        append_sentence(sentence)
        if ends:
            sentences.append((first, i))
            sentence += 1
            first = i + 1
            sentence_start = True
        else:
            # "Home visit: Summer said..." starts afresh after a colon, a dash or a bracket
            sentence_start = fresh
    if first < len(raw) or not sentences:
        sentences.append((first, len(raw) - 1))
    offsets: list[int] = []
    position = 0
    group_of = vocabulary.group if vocabulary is not None else _full_group
    parts = [group_of(token[3]) for token in tokens]
    for group in parts:
        offsets.append(position)
        position += len(group)
    offsets.append(position)
    return Tokens(
        text=text,
        tokens=tuple(tokens),
        stream="".join(parts),
        offsets=tuple(offsets),
        sentence_of=tuple(sentence_of),
        sentences=tuple(sentences),
        quoted=tuple(quoted),
    )
