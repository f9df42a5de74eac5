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


def staff_user(**kwargs: Any) -> User:
    """A staff member (a parent support worker unless ``role`` says otherwise)."""
    from tests.factories import UserFactory

    user: Any = UserFactory(**kwargs)
    return user


def pk_of(obj: Any) -> int:
    """The id of a factory-made object (factory-boy's types do not know the model)."""
    return int(obj.pk)
