"""Reads for break-glass, notifications and allocation pages. Each takes the acting person and
scopes by them first: an object outside their scope is a 404, never a 403 that confirms it exists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.models import BreakGlassGrant, Notification
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.audit.describe import describe
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from relsafe.cases.models import Allocation, Family, FamilyView, YoungPerson

RECENTLY_REVIEWED_DAYS = 90


@dataclass(frozen=True)
class GrantRow:
    grant: BreakGlassGrant
    due_at: dt.datetime
    overdue: bool
    live: bool


def _reviewable(user: User) -> QuerySet[BreakGlassGrant]:
    """Break-glass uses by other people in the manager's organisation."""
    if not user.organisation_id:
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.filter(user__organisation_id=user.organisation_id)
        .exclude(user=user)
        .select_related("user", "family", "reviewed_by")
    )


def _row(grant: BreakGlassGrant, now: dt.datetime) -> GrantRow:
    due = grant.review_due_at
    return GrantRow(
        grant=grant,
        due_at=due,
        overdue=grant.reviewed_at is None and now > due,
        live=grant.is_live(now),
    )


def grants_to_review(*, user: User) -> QuerySet[BreakGlassGrant]:
    """Break-glass uses in the manager's organisation, not their own, still awaiting a review."""
    return _reviewable(user).filter(reviewed_at__isnull=True).order_by("started_at", "pk")


def review_queue(*, user: User) -> dict[str, list[GrantRow]]:
    """Awaiting review (oldest first, overdue flagged) and recently reviewed, for the reviews page."""
    now = timezone.now()
    waiting = [_row(g, now) for g in grants_to_review(user=user)]
    reviewed = [
        _row(g, now)
        for g in _reviewable(user)
        .filter(reviewed_at__gte=now - dt.timedelta(days=RECENTLY_REVIEWED_DAYS))
        .order_by("-reviewed_at", "-pk")[:50]
    ]
    return {"waiting": waiting, "reviewed": reviewed}


def my_grants(*, user: User) -> list[GrantRow]:
    """The person's own recent emergency access, so they can see what is still running."""
    now = timezone.now()
    grants = BreakGlassGrant.objects.filter(user=user).select_related("family", "reviewed_by")
    return [_row(g, now) for g in grants.order_by("-started_at")[:10]]


def grant_for_review(*, user: User, pk: int, request: HttpRequest | None = None) -> dict[str, Any]:
    """One grant a reviewer may judge, with the audit entries for what was done under it."""
    grant = _reviewable(user).filter(pk=pk).first()
    if grant is None:
        raise policy.not_found(
            user,
            Action.REVIEW_BREAK_GLASS,
            object_type="access.breakglassgrant",
            object_id=pk,
            request=request,
        )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=grant,
        family_id=grant.family_id,
        reason="second-person review of break-glass access",
    )
    until = grant.ended_at or grant.expires_at
    events = AuditEvent.objects.filter(
        actor_id=grant.user_id,
        family_id=grant.family_id,
        occurred_at__gte=grant.started_at,
        occurred_at__lte=until,
    ).order_by("occurred_at", "id")[:200]
    name = grant.user.full_name
    activity = [Activity(when=e.occurred_at, sentence=describe(e, actor_name=name)) for e in events]
    return {"row": _row(grant, timezone.now()), "activity": activity}


@dataclass(frozen=True)
class Activity:
    """One thing done under emergency access, in words ("Morgan Reid opened the family page")."""

    when: dt.datetime
    sentence: str


def own_live_grant(*, user: User, pk: int, request: HttpRequest | None = None) -> BreakGlassGrant:
    """The person's own grant, for ending it; anyone else's is a 404 (audited as a refusal)."""
    grant = BreakGlassGrant.objects.filter(user=user, pk=pk).select_related("family").first()
    if grant is None:
        raise policy.not_found(
            user,
            Action.END_BREAK_GLASS,
            object_type="access.breakglassgrant",
            object_id=pk,
            request=request,
        )
    return grant


def family_by_reference(*, user: User, reference: str) -> Family | None:
    """Exact reference match among the families a duty manager may open in an emergency. No
    partial matches and no listing: the person must already know which family they need."""
    cleaned = reference.strip().upper()
    if not cleaned:
        return None
    return policy.break_glass_candidates(user).filter(reference__iexact=cleaned).first()


def break_glass_matches(
    *,
    user: User,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    request: HttpRequest | None = None,
) -> list[int]:
    """The families a duty manager may open in an emergency that have a child with exactly this
    name (first or known-as name, and last name, in any case) and date of birth. Only ids come
    back: the page says that a family matches, never anything about it. The search is audited,
    with how many matched (not the name searched for: the trail records facts, not content)."""
    first, last = first_name.strip(), last_name.strip()
    ids: list[int] = []
    if first and last:
        ids = list(
            YoungPerson.objects.filter(
                family__in=policy.break_glass_candidates(user),
                date_of_birth=date_of_birth,
                last_name__iexact=last,
            )
            .filter(Q(first_name__iexact=first) | Q(preferred_name__iexact=first))
            .order_by("family_id")
            .values_list("family_id", flat=True)
            .distinct()[:5]
        )
    record(
        action=AuditAction.SEARCH,
        actor=user,
        request=request,
        object_type="access.breakglassgrant",
        object_id="find",
        reason="finding a family for emergency access by a child's name and date of birth",
        detail={"matches": len(ids)},
    )
    return ids


def break_glass_candidate(*, user: User, family_id: int) -> Family | None:
    """A family found by ``break_glass_matches`` earlier, if the person may still open it in an
    emergency."""
    return policy.break_glass_candidates(user).filter(pk=family_id).first()


def live_grant_for_page(*, user: User, family: Family) -> BreakGlassGrant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return policy.live_break_glass(user, family)


# --- notifications -------------------------------------------------------------------------------


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_summary(*, user: User, limit: int = 3) -> dict[str, Any]:
    unread = notifications_for(user=user).filter(read_at__isnull=True)
    return {"count": unread.count(), "latest": list(unread[:limit])}


def own_notification(*, user: User, pk: int, request: HttpRequest | None = None) -> Notification:
    """One of the person's own messages; anyone else's is a 404 (audited as a refusal)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise policy.not_found(
            user,
            Action.READ_MESSAGE,
            object_type="access.notification",
            object_id=pk,
            request=request,
        )
    return notification


# --- allocation ----------------------------------------------------------------------------------


def family_for_allocation(*, user: User, pk: int, request: HttpRequest | None = None) -> Family:
    """The family, read as the family page reads it (404 and an ``access_denied`` entry for anyone
    without a route; otherwise a view entry with the reason, and "last opened" remembered), if
    this manager may allocate on it."""
    family = policy.visible_families(user).filter(pk=pk).first()
    if family is None:
        raise policy.not_found(
            user, Action.OPEN_FAMILY, object_type="cases.family", object_id=pk, request=request
        )
    reason = policy.access_reason(user, family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=family,
        reason=reason.value if reason else "",
    )
    FamilyView.objects.update_or_create(
        user=user, family=family, defaults={"viewed_at": timezone.now()}
    )
    if not policy.can(user, Action.ALLOCATE, family=family):
        raise policy.not_found(
            user,
            Action.ALLOCATE,
            object_type="cases.family",
            object_id=pk,
            family=family,
            request=request,
        )
    return family


def allocations_of(*, family: Family) -> list[Allocation]:
    """Open allocations first, then past ones, with the people involved."""
    return list(
        Allocation.objects.filter(family=family)
        .select_related("worker", "worker__organisation", "allocated_by")
        .order_by("ended_at", "-started_at", "pk")
    )


def allocation_for_manager(
    *, user: User, pk: int, request: HttpRequest | None = None
) -> Allocation:
    """An open allocation on a family this manager may allocate on; otherwise a 404."""
    allocation = (
        Allocation.objects.filter(
            pk=pk, ended_at__isnull=True, family__in=policy.visible_families(user)
        )
        .select_related("family", "worker")
        .first()
    )
    if allocation is None or not policy.can(user, Action.ALLOCATE, family=allocation.family):
        raise policy.not_found(
            user,
            Action.ALLOCATE,
            object_type="cases.allocation",
            object_id=pk,
            family=allocation.family if allocation is not None else None,
            request=request,
        )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=allocation,
        family_id=allocation.family_id,
        reason=str(policy.access_reason(user, allocation.family) or ""),
    )
    return allocation
