"""Reads of family cases. Every function takes the acting person and starts from what they may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from relsafe.access import policy
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Allocation, Family

SMALL_NUMBER_THRESHOLD = 5  # figures below this are suppressed in cohort reports


def _open_allocations() -> Prefetch[Any]:
    return Prefetch(
        "allocations",
        queryset=Allocation.objects.filter(ended_at__isnull=True).select_related("worker"),
        to_attr="open_allocations",
    )


def caseload(*, user: Any) -> QuerySet[Family]:
    """The families this person may see, with what a list needs, in a fixed number of queries."""
    return (
        policy.visible_families(user)
        .select_related("lead_organisation")
        .prefetch_related("young_people", _open_allocations())
        .order_by("name", "pk")
    )


def team_caseload(*, user: Any) -> QuerySet[Family]:
    return caseload(user=user)


def team_workload(*, user: Any) -> list[dict[str, Any]]:
    """Open allocations per member of the manager's team."""
    if not user.team_id:
        return []
    from relsafe.accounts.models import User

    members = (
        User.objects.filter(team_id=user.team_id, is_active=True)
        .annotate(open_cases=Count("allocations", filter=Q(allocations__ended_at__isnull=True)))
        .order_by("full_name")
    )
    return [{"worker": m, "open_cases": m.open_cases} for m in members]


def get_family(*, user: Any, pk: int, request: HttpRequest | None = None) -> Family:
    """One family, or 404 for anyone without a route to it. Every successful read is audited with
    the reason the person may see it."""
    family = (
        caseload(user=user).prefetch_related("carers", "shares__organisation").filter(pk=pk).first()
    )
    if family is None:
        record(
            action=AuditAction.ACCESS_DENIED,
            actor=user,
            request=request,
            object_type="cases.family",
            object_id=str(pk),
        )
        raise Http404("No family found")
    reason = policy.access_reason(user, family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=family,
        reason=reason.value if reason else "",
    )
    return family


def own_family(*, user: Any, request: HttpRequest | None = None) -> Family | None:
    """A parent's own family, for the portal start page."""
    family = caseload(user=user).first()
    if family is not None:
        record(
            action=AuditAction.VIEW,
            actor=user,
            request=request,
            obj=family,
            reason=policy.AccessReason.OWN_FAMILY.value,
        )
    return family


def cohort_figures() -> dict[str, Any]:
    """Counts only, with small numbers suppressed: commissioners see no personal data."""
    counts = dict(Family.objects.values_list("status").annotate(n=Count("pk")).order_by())
    rows = []
    for status, label in Family.Status.choices:
        n = counts.get(status, 0)
        rows.append(
            {
                "label": label,
                "count": n if n == 0 or n >= SMALL_NUMBER_THRESHOLD else None,
            }
        )
    return {"rows": rows, "threshold": SMALL_NUMBER_THRESHOLD}
