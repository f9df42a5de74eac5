"""The checks on what a person types: any text, plate or file is either accepted (text exactly as
typed, trimmed) or refused with a ValidationError and a message; nothing else escapes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from relsafe.evidence.validation import (
    check_not_future,
    check_photo,
    check_text,
    normalise_plate,
)


def refusal(check: Callable[[], object]) -> str | None:
    """The message of the ValidationError the check raised, or None when it passed."""
    try:
        check()
    except ValidationError as error:
        return str(error.messages[0])
    return None


@given(st.text(max_size=300))
def test_text_is_kept_exactly_or_refused_with_a_message(text: str) -> None:
    message = refusal(lambda: check_text(text, "What you saw"))
    if message is not None:
        assert message.startswith("What you saw")
    else:
        assert check_text(text, "What you saw") == text.strip()
        assert "<script" not in text.lower()


@pytest.mark.parametrize(
    "text",
    ["<script>x</script>", "<img src=x>", "</p>", "<!-- x -->", "<?php ?>", "JavaScript:alert(1)"],
)
def test_markup_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        check_text(text, "Name")


@pytest.mark.parametrize("text", ["I <3 him", "a < b and c > d", "2 < 3", "-> the park"])
def test_ordinary_angle_brackets_are_fine(text: str) -> None:
    assert check_text(text, "Name") == text


@given(st.text(max_size=30))
def test_a_plate_is_normalised_or_refused(text: str) -> None:
    try:
        plate = normalise_plate(text)
    except ValidationError:
        return
    assert plate == plate.upper()
    assert " " not in plate


def test_plates() -> None:
    assert normalise_plate(" lm19 xkd ") == "LM19XKD"
    assert normalise_plate("LM19 ??K") == "LM19??K"
    assert normalise_plate("") == ""


@given(st.binary(max_size=2000))
def test_any_bytes_as_a_photo_are_accepted_or_refused_with_a_message(data: bytes) -> None:
    message = refusal(lambda: check_photo(name="photo.jpg", data=data))
    assert message is None or message.startswith("photo.jpg: ")


def test_the_future_is_refused() -> None:
    today = timezone.localdate()
    check_not_future(today - dt.timedelta(days=400))
    with pytest.raises(ValidationError):
        check_not_future(today + dt.timedelta(days=1))
