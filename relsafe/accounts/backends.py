"""Email sign-in. Emails are compared in lower case so 'Sam@…' and 'sam@…' are one account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from relsafe.accounts.models import User


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = username or kwargs.get("email")
        if email is None or password is None:
            return None
        # ModelBackend hashes the password even for unknown emails, so timing does not reveal accounts.
        return super().authenticate(request, username=email.strip().lower(), password=password)
