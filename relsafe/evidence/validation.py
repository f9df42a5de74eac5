"""Checks on what a person types into an entry, shared by the form (so the page shows the error
beside the field and keeps what was typed) and the service (so nothing goes round them).

Entries are evidence: their words are kept exactly as typed, never "cleaned". So text that looks
like markup or a script is refused with a message, rather than silently changed, and everything is
shown escaped wherever it is read (pages, PDF, CSV).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.core import files

# "<" followed at once by a letter, "/", "!" or "?" starts an HTML tag, comment or processing
# instruction (as browsers parse it); "<3" or "a < b" do not. Also refuse javascript: URLs.
_MARKUP = re.compile(r"<[A-Za-z/!?]|javascript\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLATE = re.compile(r"^[A-Z0-9?* ]{1,12}$")

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MARKUP_MESSAGE = (
    "{label} must not contain code or web page tags. Remove the < and > signs and try again"
)
PLATE_MESSAGE = (
    "Enter the number plate using letters and numbers only, like AB12 CDE. "
    "Use ? for a letter or number you did not see"
)


def check_text(value: str, label: str) -> str:
    """The text as typed (trimmed), or a ValidationError naming the field."""
    text = (value or "").strip()
    if _MARKUP.search(text):
        raise ValidationError(MARKUP_MESSAGE.format(label=label), code="markup")
    if _CONTROL.search(text):
        raise ValidationError(
            f"{label} contains characters that cannot be saved. Type it again", code="control"
        )
    return text


def check_not_future(day: dt.date, time: dt.time | None = None) -> None:
    """An entry is about something that has happened."""
    now = timezone.localtime()
    if day > now.date():
        raise ValidationError(
            "The date it happened must be today or in the past", code="future_date"
        )
    if time is not None and day == now.date() and time > now.time():
        raise ValidationError("The time it happened must be in the past", code="future_time")


def normalise_plate(value: str) -> str:
    """Upper case without spaces (``ab12 cde`` -> ``AB12CDE``); ``?`` marks an unseen character."""
    text = (value or "").strip().upper()
    if not text:
        return ""
    if not _PLATE.match(text):
        raise ValidationError(PLATE_MESSAGE, code="plate")
    return text.replace(" ", "")


def check_photo(*, name: str, data: bytes) -> files.CheckedFile:
    """A photo by its content (JPEG or PNG), within the size limit, with EXIF and location removed
    (``core.files`` re-encodes it from its pixels)."""
    try:
        return files.check_upload(
            name=name, data=data, allowed=files.IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES
        )
    except files.FileRejected as error:
        raise ValidationError(f"{files.safe_display_name(name)}: {error}", code="photo") from None
