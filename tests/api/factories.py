"""Tokens for API tests: a live token for a person, and a client that sends it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from relsafe.accounts.models import User
from relsafe.api.models import ApiToken
from relsafe.api.services import create_token


def token_for(user: User, scope: str = ApiToken.Scope.READ_WRITE, days: int = 30) -> str:
    return create_token(actor=user, name="test", scope=scope, days=days).plain


class TokenClient(Client):
    """A Django test client that sends ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, token: str, **defaults: Any) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {token}", **defaults)


def api_client(user: User, scope: str = ApiToken.Scope.READ_WRITE) -> TokenClient:
    return TokenClient(token_for(user, scope))
