"""Encryption at rest for the few fields and files whose leak would put someone in danger: who a
parent is behind an intelligence submission, how a family member can be reached safely, what a
parent wrote in their evidence log and the photos they kept with it (docs/SECURITY.md,
"Encryption at rest and key rotation").

Fernet (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` package) under a
:class:`~cryptography.fernet.MultiFernet` built from ``settings.FIELD_ENCRYPTION_KEYS``: newest key
first, every key tried on reading, so a new key can be added, everything re-encrypted with it
(``manage.py rotate_encryption_keys``) and the old one removed without a moment when a value cannot
be read.

What is stored is a text token (URL-safe base64) in a ``text`` column. ``None`` stays ``NULL`` and
the empty string stays empty: whether a field was filled in is not secret, and the check
constraints that say "a text message needs a number" keep working. Nothing else can be looked up:
a filter on an encrypted field would compare against random-looking tokens (each encryption has a
fresh IV), so it raises :class:`EncryptedLookupRefused` instead of quietly finding nothing. Code
that needs to find something by such a field filters in Python after an access-scoped query.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

# The demo and the tests derive their key from this label: it is in the repository on purpose and
# protects nothing. Production refuses to start with it (settings.production, core.checks).
DEVELOPMENT_KEY_LABEL = "relsafe development and test field key - NOT SECRET - never in production"  # the same label as settings.base.FIELD_ENCRYPTION_DEVELOPMENT_LABEL
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a secret: every Fernet token starts so (version byte 0x80, then a timestamp)


def development_key() -> str:
    """The fixed, public key the demo and the tests use (derived from a label, so no key material
    is committed that could be mistaken for a real one)."""
    return base64.urlsafe_b64encode(
        hashlib.sha256(DEVELOPMENT_KEY_LABEL.encode()).digest()
    ).decode()


def generate_key() -> str:
    """A new random key, for ``FIELD_ENCRYPTION_KEYS`` (see docs/OPERATIONS.md)."""
    return Fernet.generate_key().decode()


class EncryptionNotConfigured(ImproperlyConfigured):
    """``FIELD_ENCRYPTION_KEYS`` is missing or holds something that is not a Fernet key."""


class EncryptedLookupRefused(TypeError):
    """A query tried to filter on an encrypted field; it could never match, so it is refused."""


class CannotDecrypt(ValueError):
    """A stored token was made with none of the configured keys (or was changed): a key was
    removed before ``rotate_encryption_keys`` ran, or the data is damaged."""


def parse_keys(keys: Sequence[str] | str) -> list[str]:
    """Keys from a list or a comma-separated string, each checked to be a Fernet key."""
    raw = keys.split(",") if isinstance(keys, str) else list(keys)
    cleaned = [key.strip() for key in raw if key and key.strip()]
    for position, key in enumerate(cleaned, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise EncryptionNotConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key ({error}). "
                "Generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from None
    return cleaned


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(parse_keys(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or []))
    if not keys:
        raise EncryptionNotConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: encrypted fields can be neither read nor written."
        )
    return keys


def fernet() -> MultiFernet:
    """The MultiFernet for the keys in settings now (cached per set of keys, so a test that
    overrides the setting gets its own)."""
    return _fernet_for(configured_keys())


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken:
        raise CannotDecrypt(
            "Stored data could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from None


def rotate_bytes(token: bytes) -> bytes:
    try:
        return fernet().rotate(token)
    except InvalidToken:
        raise CannotDecrypt(
            "Stored data could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from None


def encrypt_text(value: str | None) -> str | None:
    """A text token for ``value``; ``None`` and ``""`` are stored as they are."""
    if value is None or value == "":
        return value
    return encrypt_bytes(str(value).encode("utf-8")).decode("ascii")


def decrypt_text(token: str | None) -> str | None:
    if token is None or token == "":
        return token
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


def rotate_token(token: str | None) -> str | None:
    """The same value under the newest key (``None`` and ``""`` unchanged)."""
    if token is None or token == "":
        return token
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise CannotDecrypt(
            "Stored data could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from None


def is_under_newest_key(token: str | None) -> bool:
    """True when ``token`` (or an empty value) needs no re-encryption."""
    if token is None or token == "":
        return True
    try:
        Fernet(configured_keys()[0].encode()).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


# --- The field ------------------------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """``field=""`` stays allowed (emptiness is stored in clear: check constraints use it)."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise EncryptedLookupRefused(_refusal(self.lhs, "exact"))
        return super().get_prep_lookup()


def _refusal(lhs: Any, lookup_name: str) -> str:
    field = getattr(getattr(lhs, "target", None), "name", None) or getattr(
        getattr(lhs, "output_field", None), "name", "?"
    )
    return (
        f"'{field}' is encrypted at rest, so '{lookup_name}' cannot work in the database: "
        "query by something else and filter in Python (relsafe.core.crypto)."
    )


class _Encrypted:
    """Shared by the text and the one-line field: encrypt on the way in, decrypt on the way out."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)  # type: ignore[attr-defined]
        return encrypt_text(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise EncryptedLookupRefused(
            f"'{getattr(self, 'name', '?')}' is encrypted at rest, so '{lookup_name}' cannot work "
            "in the database: query by something else and filter in Python "
            "(relsafe.core.crypto)."
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise EncryptedLookupRefused(
            f"'{getattr(self, 'name', '?')}' is encrypted at rest: no '{lookup_name}' on it."
        )


class EncryptedTextField(_Encrypted, models.TextField):
    """A ``TextField`` kept encrypted in the database (a textarea in forms)."""


class EncryptedCharField(_Encrypted, models.CharField):
    """A one-line field kept encrypted: ``max_length`` limits what is typed (forms, validation),
    the column is ``text`` because the token is longer than the value."""


class EncryptedJSONField(_Encrypted, models.TextField):
    """A JSON document (dicts, lists, strings, numbers) kept encrypted as one token: for a frozen
    document that is only ever read whole, never queried inside."""

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = decrypt_text(value)
        if text is None:
            return None
        return json.loads(text) if text else {}

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) and value else value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """The names of ``model``'s encrypted columns."""
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "encrypted", False) and getattr(field, "concrete", False)
    ]
