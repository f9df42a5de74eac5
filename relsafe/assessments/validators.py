"""Small, pure checks used by forms and services: the 0 to 10 safety scale and the danger-statement hint.

Pure functions so they can be property-tested without a database.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

SCALE_MIN = 0
SCALE_MAX = 10
SCALE_HELP = "0 means the child is in danger; 10 means safe enough to close the case."

_SCALE_PATTERN = re.compile(r"^\s*(\d{1,2})\s*(?:/\s*10\s*)?$")


def parse_scale(value: object) -> int | None:
    """Turn what a person typed into a whole number from 0 to 10, or None when left empty.

    Accepts ``7`` and ``7/10``. Anything else (``7.5``, ``eleven``, ``-1``, ``12``) is refused with a
    message that says what to type, so the form can show it beside the field.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError("Enter a whole number from 0 to 10", code="invalid")
    if isinstance(value, int):
        number = value
    else:
        text = str(value)
        if not text.strip():
            return None
        match = _SCALE_PATTERN.match(text)
        if match is None:
            raise ValidationError("Enter a whole number from 0 to 10, like 6", code="invalid")
        number = int(match.group(1))
    if not SCALE_MIN <= number <= SCALE_MAX:
        raise ValidationError("The safety scale goes from 0 to 10", code="out_of_range")
    return number


def validate_scale(value: int | None) -> None:
    """Model-level check, mirrored by a database constraint."""
    if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError("The safety scale goes from 0 to 10", code="out_of_range")


_PARENT_WORDS = re.compile(
    r"\b(mum|mom|mother|dad|father|parents?|step-?(?:mum|dad|mother|father)|carers?|"
    r"grand(?:mother|father|ma|pa|parents?)|nan|nana|family)\b",
    re.IGNORECASE,
)
# Words that show the statement names who or where the harm comes from outside the home.
_CONTEXT_WORDS = re.compile(
    r"\b(adults?|older|men|man|women|woman|males?|females?|people|person|group|gang|peers?|"
    r"exploit\w*|groom\w*|abus\w*|traffick\w*|known as|called|nicknamed|someone|strangers?|"
    r"online|snapchat|instagram|tiktok|whatsapp|car|cars|vehicle|park|station|shop\w*|flat|"
    r"house|address|hotel|party|parties|estate|area|town|city|county|takeaway|street|place|"
    r"location)\b|\"[^\"]+\"|'[^']+'|“[^”]+”",
    re.IGNORECASE,
)


def danger_statement_warnings(text: str) -> list[str]:
    """Warnings (never errors) for a danger statement that seems to make the parents the danger.

    For extra-familial harm the danger statement names the exploiter or the context — who and where
    the harm comes from — not the parents (PRODUCT.md §3). A statement that mentions a parent but no
    outside person or place gets one plain-language prompt; the worker decides.
    """
    if not text or not _PARENT_WORDS.search(text):
        return []
    if _CONTEXT_WORDS.search(text):
        return []
    return [
        "This danger statement mentions the child's parents or family but does not name who is "
        "exploiting the child or where. For harm outside the home, say who or what the danger "
        "comes from (for example, 'adults known as ...' or 'the shopping centre'), not the parents."
    ]


def statement_lines(text: str) -> list[str]:
    """Each non-empty line of a column is one entry."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]
