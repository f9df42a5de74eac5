"""Password rules (ASVS 6.2): length over composition, common and context words refused,
long passphrases allowed; Argon2id hashing (ASVS 11.4.2)."""

from __future__ import annotations

import gzip
import importlib
import re
from pathlib import Path

import django.contrib.auth
import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from relsafe.accounts.models import Organisation, User
from relsafe.accounts.roles import FAMILY_ROLES, STAFF_ROLES, Role
from relsafe.accounts.validators import EVERYONE_MIN_LENGTH, MAX_LENGTH, STAFF_MIN_LENGTH

ORGANISATION = Organisation(name="Northbridge Parents Together", kind="charity")
CONTEXT_WORDS = ("relsafe", "safeguarding", "password", "northbridge", "parents", "together")
with gzip.open(Path(django.contrib.auth.__file__).parent / "common-passwords.txt.gz", "rt") as f:
    COMMON = set(f.read().split())
# Printable characters people type, spaces included; no surrogates.
TYPED = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])


def staff_person(role: str = Role.SOCIAL_WORKER) -> User:
    return User(
        email="a.worker@northbridge.example",
        full_name="Ada Quill",
        role=role,
        organisation=ORGANISATION,
    )


def family_person() -> User:
    return User(email="a.parent@family.example", full_name="Ada Quill", role=Role.PARENT)


def no_context(password: str) -> bool:
    letters = re.sub(r"[^a-z]", "", password.lower())
    return not any(word in letters for word in CONTEXT_WORDS) and password.lower() not in COMMON


def refusal_codes(password: str, user: User) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list if e.code}
    return set()


@given(password=st.text(TYPED, min_size=STAFF_MIN_LENGTH, max_size=MAX_LENGTH))
@settings(deadline=None)  # a loaded CI machine must not fail a correct rule
@example(password="correct horse battery staple")
@example(password="123456789012345")
@example(password="ü" * STAFF_MIN_LENGTH)
def test_any_long_enough_password_without_context_words_is_accepted_for_staff(
    password: str,
) -> None:
    assume(no_context(password))
    assert refusal_codes(password, staff_person()) == set()


@given(password=st.text(TYPED, min_size=1, max_size=STAFF_MIN_LENGTH - 1))
@settings(deadline=None)  # a loaded CI machine must not fail a correct rule
def test_staff_passwords_shorter_than_fifteen_are_refused(password: str) -> None:
    assert "password_too_short" in refusal_codes(password, staff_person())


@given(password=st.text(TYPED, min_size=1, max_size=EVERYONE_MIN_LENGTH - 1))
@settings(deadline=None)  # a loaded CI machine must not fail a correct rule
def test_everyones_passwords_shorter_than_twelve_are_refused(password: str) -> None:
    assert "password_too_short" in refusal_codes(password, family_person())


@given(password=st.text(TYPED, min_size=EVERYONE_MIN_LENGTH, max_size=STAFF_MIN_LENGTH - 1))
@settings(deadline=None)  # a loaded CI machine must not fail a correct rule
def test_parents_may_use_twelve_to_fourteen_characters(password: str) -> None:
    assume(no_context(password))
    assert refusal_codes(password, family_person()) == set()


@given(password=st.text(TYPED, min_size=MAX_LENGTH + 1, max_size=MAX_LENGTH + 200))
@settings(deadline=None)  # a loaded CI machine must not fail a correct rule
def test_passwords_longer_than_128_are_refused(password: str) -> None:
    assert "password_too_long" in refusal_codes(password, family_person())


def test_a_64_character_passphrase_is_allowed() -> None:
    passphrase = "lantern orchard violet tram kettle mosaic river pebble ginger xyz"
    assert len(passphrase) >= 64
    assert refusal_codes(passphrase, staff_person()) == set()


@pytest.mark.parametrize(
    "password", sorted(p for p in COMMON if len(p) >= STAFF_MIN_LENGTH and p.isascii())[:20]
)
def test_common_passwords_are_refused_even_when_long(password: str) -> None:
    assert "password_too_common" in refusal_codes(password, staff_person())


@pytest.mark.parametrize(
    "password",
    ["relsafe relsafe relsafe", "Northbridge-Parents-2026!", "SafeguardingPassword1"],
)
def test_passwords_built_from_context_words_are_refused(password: str) -> None:
    assert "password_context_words" in refusal_codes(password, staff_person())


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_needs_fifteen(role: str) -> None:
    assert "password_too_short" in refusal_codes("violet tram ki", staff_person(role))
    assert refusal_codes("violet tram kit", staff_person(role)) == set()


@pytest.mark.parametrize("role", sorted(FAMILY_ROLES))
def test_family_roles_need_twelve(role: str) -> None:
    person = family_person()
    person.role = role
    assert "password_too_short" in refusal_codes("violet tram", person)
    assert refusal_codes("violet tram kit", person) == set()


def test_argon2id_is_the_first_hasher_in_base_settings() -> None:
    base = importlib.import_module("relsafe.settings.base")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_stored_passwords_are_argon2id() -> None:
    assert make_password("lantern orchard violet").startswith("argon2$argon2id$")
