"""Types for "who is acting": one place, so signatures say who they expect.

``AnyUser`` is what ``request.user`` may be (a signed-in ``User`` or Django's
``AnonymousUser``): the access policy and selectors take it and answer "no" for anonymous people.
Services that change data take a ``User``: views narrow ``request.user`` once with
``signed_in_user`` (behind ``login_required`` it cannot fail; anywhere else it refuses).
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from relsafe.accounts.models import User

AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """An ``HttpRequest`` whose ``user`` is signed in (for views behind ``login_required``)."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` as a ``User``; a request with nobody signed in is refused (403)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
