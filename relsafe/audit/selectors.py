from __future__ import annotations

from django.db.models import QuerySet

from relsafe.audit.models import AuditEvent


def recent_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.order_by("-id")
