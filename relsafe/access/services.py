"""Changes to who may see a family: emergency (break-glass) access, its review, and allocation of
workers by managers. Each function runs in one transaction with its audit entry, and checks its own
permission through ``policy.require`` (an audited ``NotAllowed``), so views, commands and tests get
the same rules. The errors below are for what the person typed or chose, shown on the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.models import BreakGlassGrant, Notification
from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Allocation, Family, OrganisationShare

# The whole of every email relsafe sends about case activity: nothing a phone's lock screen could
# give away (PRODUCT.md §8, checklist item 31).
EMAIL_SUBJECT = "New message in relsafe"
EMAIL_BODY = "There is a new message in relsafe — sign in to read it."


class BreakGlassError(PermissionDenied):
    """Break-glass access cannot be given for the reason in the message (a missing reason, or
    the person can already open the family)."""


class ReviewError(PermissionDenied):
    """This review cannot be saved as it is (already reviewed, no outcome, no notes)."""


class AllocationError(PermissionDenied):
    """This allocation change cannot be made as asked, for the reason in the message."""


# --- notifications -------------------------------------------------------------------------------


def notify(*, recipients: list[User], message: str, link: str = "") -> list[Notification]:
    """An in-app message for each person, and a generic email sent once the change is committed."""
    created = [
        Notification.objects.create(recipient=person, message=message[:500], link=link[:300])
        for person in recipients
    ]
    emails = [person.email for person in recipients if person.email and person.is_active]

    def _send() -> None:
        for email in emails:
            send_mail(EMAIL_SUBJECT, EMAIL_BODY, None, [email], fail_silently=True)

    transaction.on_commit(_send)
    return created


@atomic_action
def mark_read(
    *, notification: Notification, user: User, request: HttpRequest | None = None
) -> Notification:
    require(user, Action.READ_MESSAGE, record=notification, request=request)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- break-glass ---------------------------------------------------------------------------------


def people_to_alert(family: Family, *, exclude: Any = None) -> list[User]:
    """The family's allocated workers and the managers of their teams: the case owners."""
    workers = list(
        User.objects.filter(
            allocations__family=family, allocations__ended_at__isnull=True, is_active=True
        ).distinct()
    )
    team_ids = {w.team_id for w in workers if w.team_id}
    managers = list(
        User.objects.filter(team_id__in=team_ids, role=Role.TEAM_MANAGER, is_active=True)
    )
    seen: dict[int, User] = {}
    for person in workers + managers:
        if exclude is not None and person.pk == exclude.pk:
            continue
        seen.setdefault(person.pk, person)
    return sorted(seen.values(), key=lambda p: p.full_name)


@atomic_action
def start_break_glass(
    *,
    user: User,
    family: Family,
    reason_code: str,
    reason_text: str,
    request: Any = None,
) -> BreakGlassGrant:
    """Open one family to a duty manager for ``BREAK_GLASS_HOURS``, telling its case owners."""
    require(user, Action.BREAK_GLASS, family=family, request=request)
    if reason_code not in BreakGlassGrant.ReasonCode.values:
        raise BreakGlassError("Choose a reason from the list.")
    reason_text = reason_text.strip()
    if not reason_text:
        raise BreakGlassError("Say why you need emergency access.")
    existing = policy.live_break_glass(user, family)
    if existing is not None:
        return existing
    if policy.can_view_family(user, family):
        raise BreakGlassError("You can already open this family; emergency access is not needed.")
    end_lapsed_grants()
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=user,
        family=family,
        reason_code=reason_code,
        reason_text=reason_text,
        started_at=now,
        expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    record(
        action=AuditAction.BREAK_GLASS_START,
        actor=user,
        request=request,
        obj=grant,
        family_id=family.pk,
        reason=f"{grant.get_reason_code_display()}: {reason_text}",
        detail={"expires_at": grant.expires_at.isoformat(), "hours": settings.BREAK_GLASS_HOURS},
    )
    until = timezone.localtime(grant.expires_at).strftime("%H:%M")
    notify(
        recipients=people_to_alert(family, exclude=user),
        message=(
            f"{user.full_name} used emergency access to family {family.reference} "
            f"({grant.get_reason_code_display()}). It lasts until {until} and will be reviewed."
        ),
        link=reverse("cases:family", args=[family.pk]),
    )
    return grant


@atomic_action
def end_break_glass(
    *, grant: BreakGlassGrant, ended_by: Any, reason: str = "ended by the user", request: Any = None
) -> BreakGlassGrant:
    """Close the grant now. Only its holder ends it by hand; reviewers end it via a review."""
    grant = BreakGlassGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    require(ended_by, Action.END_BREAK_GLASS, record=grant, request=request)
    if grant.ended_at is not None:
        return grant
    now = timezone.now()
    grant.ended_at = min(now, grant.expires_at)
    grant.save(update_fields=["ended_at"])
    record(
        action=AuditAction.BREAK_GLASS_END,
        actor=ended_by,
        request=request,
        obj=grant,
        family_id=grant.family_id,
        reason=reason,
    )
    return grant


def end_lapsed_grants() -> int:
    """Record the end of grants whose time ran out, so every start has a matching end entry.
    Access itself stops at ``expires_at`` whether or not this has run (the policy checks the time)."""
    count = 0
    now = timezone.now()
    for grant in BreakGlassGrant.objects.filter(ended_at__isnull=True, expires_at__lte=now):
        with transaction.atomic():
            grant.ended_at = grant.expires_at
            grant.save(update_fields=["ended_at"])
            record(
                action=AuditAction.BREAK_GLASS_END,
                obj=grant,
                family_id=grant.family_id,
                reason="time limit reached",
                detail={"holder_id": grant.user_id},
            )
        count += 1
    return count


@atomic_action
def review_break_glass(
    *, grant: BreakGlassGrant, reviewer: Any, outcome: str, notes: str, request: Any = None
) -> BreakGlassGrant:
    """Record the second person's judgement. 'Not justified' on a grant still running ends it."""
    grant = BreakGlassGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    require(reviewer, Action.REVIEW_BREAK_GLASS, record=grant, request=request)
    if grant.reviewed_at is not None:
        raise ReviewError("This has already been reviewed.")
    if outcome not in BreakGlassGrant.ReviewOutcome.values:
        raise ReviewError("Choose whether the access was justified.")
    notes = notes.strip()
    if outcome == BreakGlassGrant.ReviewOutcome.NOT_JUSTIFIED and not notes:
        raise ReviewError("Say why the access was not justified and what happens next.")
    now = timezone.now()
    grant.reviewed_by = reviewer
    grant.reviewed_at = now
    grant.review_outcome = outcome
    grant.review_notes = notes
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_notes"])
    record(
        action=AuditAction.BREAK_GLASS_REVIEW,
        actor=reviewer,
        request=request,
        obj=grant,
        family_id=grant.family_id,
        reason=grant.get_review_outcome_display(),
        detail={
            "outcome": outcome,
            "holder_id": grant.user_id,
            "overdue": now > grant.review_due_at,
        },
    )
    if outcome == BreakGlassGrant.ReviewOutcome.NOT_JUSTIFIED and grant.ended_at is None:
        end_break_glass(grant=grant, ended_by=reviewer, reason="ended by reviewer", request=request)
        grant.refresh_from_db()
    return grant


# --- allocation ----------------------------------------------------------------------------------


def allocatable_workers(*, family: Family, manager: Any) -> Any:
    """People a manager may add: casework staff of the manager's organisation, or of an
    organisation the family's case is shared with, not already on the team."""
    org_ids = {manager.organisation_id} | set(
        OrganisationShare.objects.filter(family=family, revoked_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    return (
        User.objects.filter(
            organisation_id__in=org_ids - {None}, role__in=CASEWORK_ROLES, is_active=True
        )
        .exclude(allocations__family=family, allocations__ended_at__isnull=True)
        .select_related("organisation", "team")
        .order_by("full_name")
    )


@atomic_action
def allocate_worker(
    *,
    family: Family,
    worker: User,
    role_on_case: str,
    allocated_by: Any,
    is_lead: bool = False,
    previous_lead: str = "end",
    request: Any = None,
) -> Allocation:
    """Add a worker to the team around the family. They can open it from their next request.

    A new lead replaces the current one in the same step: the old lead comes off the case now
    (``previous_lead="end"``) or stays on the team, no longer as lead (``"keep"``)."""
    require(allocated_by, Action.ALLOCATE, family=family, request=request)
    if not allocatable_workers(family=family, manager=allocated_by).filter(pk=worker.pk).exists():
        raise AllocationError(
            "That person cannot be added: they must be an active caseworker in your organisation "
            "or in one the family's case is shared with, and not already on the team."
        )
    role_on_case = role_on_case.strip()
    if not role_on_case:
        raise AllocationError("Say what their role on the case is.")
    if is_lead:
        _replace_lead(
            family=family, actor=allocated_by, end=previous_lead != "keep", request=request
        )
    allocation = Allocation.objects.create(
        family=family,
        worker=worker,
        role_on_case=role_on_case[:100],
        is_lead=is_lead,
        allocated_by=allocated_by,
        started_at=timezone.now(),
    )
    record(
        action=AuditAction.ALLOCATION,
        actor=allocated_by,
        request=request,
        obj=allocation,
        family_id=family.pk,
        reason="worker added",
        detail={"worker_id": worker.pk, "change": "added", "is_lead": is_lead},
    )
    return allocation


def _replace_lead(*, family: Family, actor: Any, end: bool, request: Any) -> None:
    now = timezone.now()
    for old in Allocation.objects.select_for_update().filter(
        family=family, is_lead=True, ended_at__isnull=True
    ):
        old.is_lead = False
        old.ended_at = max(now, old.started_at) if end else None
        old.save(update_fields=["is_lead", "ended_at"])
        record(
            action=AuditAction.ALLOCATION,
            actor=actor,
            request=request,
            obj=old,
            family_id=family.pk,
            reason="worker removed" if end else "lead worker changed",
            detail={
                "worker_id": old.worker_id,
                "change": "ended" if end else "no_longer_lead",
                "replaced_as_lead": True,
            },
        )


def allocation_end_time(allocation: Allocation, on: dt.date) -> dt.datetime:
    """Today means now; an earlier day means the end of that day (never before the start)."""
    if on >= timezone.localdate():
        return timezone.now()
    end = timezone.make_aware(dt.datetime.combine(on, dt.time(23, 59, 59)))
    return max(end, allocation.started_at)


@atomic_action
def end_allocation(
    *, allocation: Allocation, ended_by: Any, on: dt.date, request: Any = None
) -> Allocation:
    """Take a worker off the team around the family. Access stops on their next request: the
    policy reads open allocations every time and nothing is cached."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    require(ended_by, Action.ALLOCATE, family=allocation.family, request=request)
    if allocation.ended_at is not None:
        raise AllocationError("This allocation has already ended.")
    if on > timezone.localdate():
        raise AllocationError("The end date cannot be in the future.")
    if on < timezone.localtime(allocation.started_at).date():
        raise AllocationError("The end date must be on or after the day they started.")
    allocation.ended_at = allocation_end_time(allocation, on)
    allocation.save(update_fields=["ended_at"])
    record(
        action=AuditAction.ALLOCATION,
        actor=ended_by,
        request=request,
        obj=allocation,
        family_id=allocation.family_id,
        reason="worker removed",
        detail={"worker_id": allocation.worker_id, "change": "ended", "on": on.isoformat()},
    )
    return allocation
