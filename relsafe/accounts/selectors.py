"""Reads about people and organisations for the administrator and for account pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, QuerySet
from django.utils import timezone

from relsafe.accounts.middleware import LAST_SEEN_WRITE_EVERY
from relsafe.accounts.models import (
    Organisation,
    RoleChangeRequest,
    SecurityKey,
    Team,
    User,
    UserSession,
)
from relsafe.accounts.roles import Role


def administration_summary() -> dict[str, Any]:
    """Counts for the administrator's start page: no case data."""
    organisations = Organisation.objects.annotate(
        people_count=Count("people", distinct=True), team_count=Count("teams", distinct=True)
    ).order_by("name")
    return {"organisations": list(organisations)}


def sessions_of(*, user: User) -> QuerySet[UserSession]:
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
    keys: QuerySet[SecurityKey] = SecurityKey.objects.filter(user=user)
    return keys


def _own_organisation_id(actor: User) -> int | None:
    """The organisation an active administrator manages; None for anyone else (who manages nobody)."""
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role == Role.ADMINISTRATOR
    ):
        return None
    return actor.organisation_id


def manageable_people(*, actor: User) -> QuerySet[User]:
    """The people an administrator may see and change: their own organisation's, nobody else's
    (no police or council accounts for a charity's administrator, and the other way round)."""
    organisation_id = _own_organisation_id(actor)
    if organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=organisation_id)


def manageable_teams(*, actor: User) -> QuerySet[Team]:
    organisation_id = _own_organisation_id(actor)
    if organisation_id is None:
        return Team.objects.none()
    return Team.objects.filter(organisation_id=organisation_id)


def manageable_organisations(*, actor: User) -> QuerySet[Organisation]:
    """Only their own: an organisation's administrator sets up no other organisation."""
    organisation_id = _own_organisation_id(actor)
    if organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=organisation_id)


def manageable_sessions(*, actor: User) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user__in=manageable_people(actor=actor))


def role_changes_for(*, actor: User) -> QuerySet[RoleChangeRequest]:
    """Changes asked for in the administrator's own organisation, those waiting first."""
    organisation_id = _own_organisation_id(actor)
    if organisation_id is None:
        return RoleChangeRequest.objects.none()
    return (
        RoleChangeRequest.objects.filter(organisation_id=organisation_id)
        .select_related("person", "requested_by", "decided_by", "to_team", "from_team")
        .order_by(
            # Waiting ones first, then newest.
            models.Case(
                models.When(status=RoleChangeRequest.Status.PENDING, then=0),
                default=1,
            ),
            "-requested_at",
        )
    )


def pending_role_change(*, person: User) -> RoleChangeRequest | None:
    return RoleChangeRequest.objects.filter(
        person=person, status=RoleChangeRequest.Status.PENDING
    ).first()
