"""The one place that decides who may see which family. Deny by default.

Every selector that returns case data starts from ``visible_families(user)``. Nothing is cached:
removing an allocation or ending a share takes effect on the person's next request.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from relsafe.access.models import BreakGlassGrant
from relsafe.accounts.roles import BREAK_GLASS_ROLES, Role
from relsafe.cases.models import Allocation, Family, OrganisationShare


class AccessReason(StrEnum):
    """Why a person may see a family; recorded in the audit trail with every read."""

    ALLOCATED = "allocated to the case"
    TEAM_MANAGER = "manages an allocated worker's team"
    SHARED_WITH_ORGANISATION = "shared with their organisation"
    BREAK_GLASS = "break-glass access"
    OWN_FAMILY = "their own family"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _reason_filters(user: Any) -> list[tuple[AccessReason, Q]]:
    """Each route to a family, as a filter on Family, in the order reasons are reported."""
    now = timezone.now()
    routes: list[tuple[AccessReason, Q]] = []
    if user.role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        routes.append(
            (
                AccessReason.ALLOCATED,
                Q(
                    pk__in=Allocation.objects.filter(worker=user, ended_at__isnull=True).values(
                        "family_id"
                    )
                ),
            )
        )
    if user.role == Role.TEAM_MANAGER and user.team_id:
        routes.append(
            (
                AccessReason.TEAM_MANAGER,
                Q(
                    pk__in=Allocation.objects.filter(
                        worker__team_id=user.team_id, worker__is_active=True, ended_at__isnull=True
                    ).values("family_id")
                ),
            )
        )
    if user.role == Role.POLICE_ANALYST and user.organisation_id:
        routes.append(
            (
                AccessReason.SHARED_WITH_ORGANISATION,
                Q(
                    pk__in=OrganisationShare.objects.filter(
                        organisation_id=user.organisation_id, revoked_at__isnull=True
                    ).values("family_id")
                ),
            )
        )
    if user.role in BREAK_GLASS_ROLES:
        routes.append(
            (
                AccessReason.BREAK_GLASS,
                Q(
                    pk__in=BreakGlassGrant.objects.filter(
                        user=user, ended_at__isnull=True, started_at__lte=now, expires_at__gt=now
                    ).values("family_id")
                ),
            )
        )
    if user.role == Role.PARENT:
        routes.append((AccessReason.OWN_FAMILY, Q(carers__portal_user=user)))
    return routes


def visible_families(user: Any) -> QuerySet[Family]:
    """Families this person may open right now; empty for anyone with no route."""
    if not _active(user):
        return Family.objects.none()
    routes = _reason_filters(user)
    if not routes:
        return Family.objects.none()
    combined = Q()
    for _, condition in routes:
        combined |= condition
    return Family.objects.filter(combined)


def access_reason(user: Any, family: Family) -> AccessReason | None:
    """The first route by which this person may see this family, or None."""
    if not _active(user):
        return None
    for reason, condition in _reason_filters(user):
        if Family.objects.filter(condition, pk=family.pk).exists():
            return reason
    return None


def can_view_family(user: Any, family: Family) -> bool:
    return access_reason(user, family) is not None


def can_allocate(user: Any, family: Family) -> bool:
    """Managers allocate within families their team carries (or that they opened by break-glass)."""
    return _active(user) and user.role == Role.TEAM_MANAGER and can_view_family(user, family)


def live_break_glass(user: Any, family: Family) -> BreakGlassGrant | None:
    now = timezone.now()
    return (
        BreakGlassGrant.objects.filter(
            user=user, family=family, ended_at__isnull=True, started_at__lte=now, expires_at__gt=now
        )
        .order_by("-started_at")
        .first()
    )
