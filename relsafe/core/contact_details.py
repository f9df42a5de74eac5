"""Phone numbers and UK postcodes as people type them, checked and stored one way.

Shared by the household pages, safe-contact decisions and (later) partnership intelligence, so a
number typed as "07700 900123" and "+44 7700 900123" is the same number everywhere.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError

DEFAULT_REGION = "GB"

PHONE_ERROR = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
POSTCODE_ERROR = "Enter a full UK postcode, like SW1A 2AA"

# The UK postcode shapes (outward code, space, inward code): A9, A99, AA9, AA99, A9A, AA9A, plus
# the non-geographic GIR 0AA. Royal Mail's Programmers' Guide to PAF describes the formats.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][ABD-HJLNP-UW-Z]{2})$",
)


# Ofcom keeps these ranges for drama and examples (Ofcom, "TV and radio drama telephone numbers"):
# never allocated, so our fictional demo families use them. phonenumbers calls them possible but
# not valid, so they are allowed by name.
_DRAMA_PREFIXES = ("+447700900", "+4420794600", "+441632960", "+441134960", "+441214960")


def normalise_phone(value: str, *, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 (``+447700900982``); a clear error when it is not a possible number."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(PHONE_ERROR, code="phone_empty")
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(PHONE_ERROR, code="phone_unparseable") from error
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    drama = phonenumbers.is_possible_number(parsed) and e164.startswith(_DRAMA_PREFIXES)
    if not (phonenumbers.is_valid_number(parsed) or drama):
        raise ValidationError(PHONE_ERROR, code="phone_invalid")
    return e164


def display_phone(e164: str) -> str:
    """How people read a stored number: national format for UK numbers, international otherwise."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == phonenumbers.country_code_for_region(DEFAULT_REGION):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_uk_postcode(value: str) -> str:
    """Upper case with one space before the inward code (``sw1a2aa`` -> ``SW1A 2AA``)."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if not _POSTCODE.match(compact):
        raise ValidationError(POSTCODE_ERROR, code="postcode_invalid")
    return f"{compact[:-3]} {compact[-3:]}"
