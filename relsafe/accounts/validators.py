"""Password rules from OWASP ASVS 5.0 §6.2: length over composition, no forced rotation."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from relsafe.accounts.roles import STAFF_ROLES

STAFF_MIN_LENGTH = 15
EVERYONE_MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS 6.2.9: at least 64 must be allowed


class RoleAwareMinimumLengthValidator:
    """Staff hold many families' data, so their passwords are longer (ASVS 6.2.1)."""

    def validate(self, password: str, user: Any = None) -> None:
        minimum = (
            STAFF_MIN_LENGTH if getattr(user, "role", None) in STAFF_ROLES else EVERYONE_MIN_LENGTH
        )
        if len(password) < minimum:
            raise ValidationError(
                f"Your password must be at least {minimum} characters. A few unrelated words "
                "make a long password that is easy to remember.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return (
            f"At least {EVERYONE_MIN_LENGTH} characters ({STAFF_MIN_LENGTH} for staff). "
            "Spaces and any characters are allowed."
        )


class MaximumLengthValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                f"Your password must be {MAX_LENGTH} characters or fewer.", code="password_too_long"
            )

    def get_help_text(self) -> str:
        return f"Up to {MAX_LENGTH} characters."


class ContextWordValidator:
    """Refuses passwords built on the service's own name or the person's organisation (ASVS 6.2.11)."""

    def validate(self, password: str, user: Any = None) -> None:
        words = {settings.SERVICE_NAME.lower(), "safeguarding", "password"}
        organisation = getattr(user, "organisation", None)
        if organisation is not None:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", organisation.name))
        squashed = re.sub(r"[^a-z]", "", password.lower())
        stripped = squashed
        for word in sorted(words, key=len, reverse=True):
            stripped = stripped.replace(word, "")
        # Only a password that *contains* context words can fail: one with few letters and no
        # such words (say, mostly digits) is judged by the other validators.
        if stripped != squashed and len(stripped) < max(6, len(squashed) // 2):
            raise ValidationError(
                "Your password is mostly made of words linked to this service or your organisation. "
                "Choose words nobody would guess from where you work.",
                code="password_context_words",
            )

    def get_help_text(self) -> str:
        return "Not built from the service's name or your organisation's name."
