"""Phone numbers and postcodes: typed many ways, stored one way, and never a crash."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from relsafe.core.contact_details import display_phone, normalise_phone, normalise_uk_postcode


@pytest.mark.parametrize(
    "typed",
    ["07700 900982", "07700900982", "+44 7700 900982", "+447700900982", "(07700) 900-982"],
)
def test_a_uk_mobile_typed_any_way_is_stored_in_e164(typed: str) -> None:
    assert normalise_phone(typed) == "+447700900982"


def test_a_stored_uk_number_reads_in_the_national_format() -> None:
    assert display_phone("+447700900982") == "07700 900982"


@pytest.mark.parametrize("typed", ["", "12", "not a number", "0770090098212345"])
def test_what_is_not_a_phone_number_gets_the_gov_uk_message(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone(typed)
    assert caught.value.messages == ["Enter a phone number, like 07700 900 982 or +44 7700 900 982"]


@given(st.text(max_size=40))
def test_any_text_is_either_a_number_in_e164_or_the_message(text: str) -> None:
    try:
        stored = normalise_phone(text)
    except ValidationError as error:
        assert error.messages[0].startswith("Enter a phone number")
    else:
        assert stored.startswith("+") and stored[1:].isdigit()
        assert normalise_phone(stored) == stored  # idempotent


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("sw1a2aa", "SW1A 2AA"),
        (" M1 1AE ", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_postcodes_are_upper_case_with_one_space(typed: str, stored: str) -> None:
    assert normalise_uk_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["", "SW1A", "12345", "SW1A 2A", "QQ1 1CI"])
def test_what_is_not_a_postcode_says_so(typed: str) -> None:
    with pytest.raises(ValidationError, match="Enter a full UK postcode"):
        normalise_uk_postcode(typed)


@given(st.text(max_size=12))
def test_postcode_check_never_crashes_and_is_idempotent(text: str) -> None:
    try:
        stored = normalise_uk_postcode(text)
    except ValidationError:
        return
    assert normalise_uk_postcode(stored) == stored
