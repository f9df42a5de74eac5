"""Burning redactions into text: the withheld words are cut out before anything is rendered."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str  # empty for a redacted segment: nothing of the words is kept
    redacted: bool = False
    width: int = 0  # the redacted words' length, for the size of the black box only


def segments(text: str, words: Iterable[str]) -> list[Segment]:
    """Split ``text`` into kept and redacted segments; every occurrence of each phrase is
    redacted (longest phrases first, so a phrase inside another is covered too)."""
    phrases = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not phrases:
        return [Segment(text)] if text else []
    pattern = re.compile("|".join(re.escape(p) for p in phrases))
    result: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            result.append(Segment(text[position : match.start()]))
        result.append(Segment("", redacted=True, width=max(2, min(len(match.group()), 40))))
        position = match.end()
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


def burned_in(text: str, words: Iterable[str], mark: str = "") -> str:
    """The text as disclosed: each redacted phrase replaced by ``mark``."""
    return "".join(s.text if not s.redacted else mark for s in segments(text, words))
