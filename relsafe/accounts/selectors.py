"""Reads about people and organisations for the administrator and for account pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from relsafe.accounts.middleware import LAST_SEEN_WRITE_EVERY
from relsafe.accounts.models import Organisation, SecurityKey, User, UserSession


def administration_summary() -> dict[str, Any]:
    """Counts for the administrator's start page: no case data."""
    organisations = Organisation.objects.annotate(
        people_count=Count("people", distinct=True), team_count=Count("teams", distinct=True)
    ).order_by("name")
    return {"organisations": list(organisations)}


def sessions_of(*, user: Any) -> QuerySet[UserSession]:
    """The person's sessions that can still be used: not idle past their limit (plus the minute
    ``last_seen_at`` may lag) and not older than the absolute limit. Abandoned ones are left out
    because the server would refuse them anyway."""
    idle = (
        settings.STAFF_IDLE_TIMEOUT_SECONDS
        if getattr(user, "is_staff_role", True)
        else settings.FAMILY_IDLE_TIMEOUT_SECONDS
    )
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        last_seen_at__gte=now - dt.timedelta(seconds=idle + LAST_SEEN_WRITE_EVERY),
        created_at__gte=now - dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS),
    ).order_by("-last_seen_at")


def security_keys_of(*, user: User) -> QuerySet[SecurityKey]:
    """The person's own security keys and passkeys, oldest first."""
    return SecurityKey.objects.filter(user=user)


def security_key_of(*, user: User, pk: int) -> SecurityKey:
    """One of the person's own keys; anyone else's id is a 404, never a 403."""
    return get_object_or_404(SecurityKey, pk=pk, user=user)
