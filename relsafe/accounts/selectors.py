"""Reads about people and organisations for the administrator and for account pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from relsafe.accounts.models import Organisation, UserSession


def administration_summary() -> dict[str, Any]:
    """Counts for the administrator's start page: no case data."""
    organisations = Organisation.objects.annotate(
        people_count=Count("people", distinct=True), team_count=Count("teams", distinct=True)
    ).order_by("name")
    return {"organisations": list(organisations)}


def sessions_of(*, user: Any) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user).order_by("-last_seen_at")
