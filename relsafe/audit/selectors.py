"""Reading the audit trail. Every read here is itself audited: access to the logs is logged
(OWASP Logging Cheat Sheet; ASVS 16.4.3)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import HttpRequest

from relsafe.accounts.models import Organisation, User
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record

# Sort keys a person may choose, each with a stable tie-break on id.
SORTS: dict[str, tuple[str, ...]] = {
    "when": ("id",),
    "who": ("actor_email", "id"),
    "action": ("action", "id"),
    "record": ("object_type", "object_id", "id"),
}
DEFAULT_SORT = "when"


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = DEFAULT_SORT
    descending: bool = True

    def as_detail(self) -> dict[str, Any]:
        """For the audit entry that records this search or export."""
        detail = {
            name: str(value)
            for name in ("action", "actor", "object_type", "date_from", "date_to")
            if (value := getattr(self, name))
        }
        if self.sort != DEFAULT_SORT or not self.descending:
            detail["sort"] = self.sort
            detail["order"] = "desc" if self.descending else "asc"
        return detail


def _with_names(queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Names for display, in the same query: the trail stores ids so it outlives the people."""
    return queryset.annotate(
        actor_name=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]),
        organisation_name=Subquery(
            Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")[:1]
        ),
        role_label=Case(
            *[When(actor_role=role.value, then=Value(role.label)) for role in Role],
            default=F("actor_role"),
            output_field=CharField(),
        ),
    )


def _start_of_uk_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def object_types() -> list[str]:
    """The kinds of record the trail mentions, for the filter's list."""
    values = AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True)
    return [v for v in values.distinct() if v]


def filtered_events(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The trail narrowed by the administrator's filters; dates are whole UK days, inclusive."""
    queryset = AuditEvent.objects.all()
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.actor:
        queryset = queryset.filter(actor_email__icontains=filters.actor.strip())
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__gte=_start_of_uk_day(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + dt.timedelta(days=1)
        queryset = queryset.filter(occurred_at__lt=_start_of_uk_day(next_day))
    fields = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    ordering = [f"-{f}" if filters.descending else f for f in fields]
    return _with_names(queryset).order_by(*ordering)


def review_events(
    *, user: Any, filters: AuditFilters, request: HttpRequest | None = None
) -> QuerySet[AuditEvent]:
    """The administrator's view of the trail; the search itself is recorded before it is read."""
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="audit.auditevent",
        object_id="list",
        reason="administrator reviewing the audit trail",
        detail=filters.as_detail(),
    )
    return filtered_events(filters=filters)


EXPORT_HEADER = [
    "id",
    "occurred_at_utc",
    "occurred_at_uk",
    "actor_email",
    "actor_name",
    "actor_role",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "family_id",
    "ip_address",
    "reason",
    "detail",
    "entry_hash",
]


def export_rows(
    *, user: Any, filters: AuditFilters, request: HttpRequest | None = None
) -> Iterator[list[object]]:
    """The filtered trail as CSV rows. The export is recorded now, before any row is read (not
    when the download starts), and the rows are the entries before that record, so the count in
    it is exactly what the file holds."""
    queryset = filtered_events(filters=filters)
    export = record(
        action=AuditAction.EXPORT,
        actor=user,
        request=request,
        object_type="audit.auditevent",
        object_id="csv",
        reason="administrator exporting the audit trail",
        detail={"filters": filters.as_detail(), "rows": queryset.count()},
    )
    return _csv_rows(queryset.filter(id__lt=export.pk))


def _csv_rows(queryset: QuerySet[AuditEvent]) -> Iterator[list[object]]:
    uk = ZoneInfo(settings.TIME_ZONE)
    for e in queryset.iterator(chunk_size=2000):
        yield [
            e.pk,
            e.occurred_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            e.occurred_at.astimezone(uk).isoformat(timespec="seconds"),
            e.actor_email,
            e.actor_name or "",  # type: ignore[attr-defined]
            e.role_label or "",  # type: ignore[attr-defined]
            e.organisation_name or "",  # type: ignore[attr-defined]
            e.get_action_display(),
            e.object_type,
            e.object_id,
            e.family_id,
            e.ip_address or "",
            e.reason,
            json.dumps(e.detail, sort_keys=True) if e.detail else "",
            e.entry_hash,
        ]


def family_trail(*, family_id: int) -> QuerySet[AuditEvent]:
    """Every entry about one family (by the id the trail keeps, so it outlives the family), newest
    first, with names. Who may read it, and how the family is named, is decided by ``cases``
    (``cases.selectors.family_access_log``): the trail knows ids, the family app knows families."""
    return _with_names(AuditEvent.objects.filter(family_id=family_id)).order_by("-id")


def mentions_family(*, family_id: int) -> bool:
    """Whether the trail holds anything about this family id (it may have been deleted since)."""
    return AuditEvent.objects.filter(family_id=family_id).exists()
