"""Writing and verifying the audit trail. Nothing else writes to ``AuditEvent``.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that point, which ``verify_chain`` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent

GENESIS_HASH = "0" * 64
# Any constant: the advisory lock that serialises appends on PostgreSQL.
_PG_LOCK_KEY = 0x52454C53  # "RELS"
_SECRET_KEYS = {"password", "token", "otp", "code", "secret", "body", "text", "session"}


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "actor_role": event.actor_role,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "family_id": event.family_id,
        "ip_address": event.ip_address,
        "reason": event.reason,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR only: a proxy in front must set it (forwarded headers are client-controlled)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """Drop anything that looks like a credential or a note body: the log records facts, not content."""
    if not detail:
        return {}
    return {k: v for k, v in detail.items() if not any(s in k.lower() for s in _SECRET_KEYS)}


def record(
    *,
    action: AuditAction | str,
    actor: Any = None,
    request: HttpRequest | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    family_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    actor_email: str = "",
) -> AuditEvent:
    """Append one entry. Runs in the caller's transaction, so a rolled-back change leaves no entry."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if family_id is None:
            family_id = getattr(obj, "family_id", None)
            if family_id is None and obj._meta.label_lower == "cases.family":
                family_id = obj.pk
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_email=actor.email if actor is not None else actor_email,
            actor_role=getattr(actor, "role", "") if actor is not None else "",
            organisation_id=getattr(actor, "organisation_id", None) if actor is not None else None,
            action=str(action),
            object_type=object_type,
            object_id=str(object_id),
            family_id=family_id,
            ip_address=client_ip(request),
            reason=reason[:500],
            detail=_clean_detail(detail),
            prev_hash=last or GENESIS_HASH,
        )
        event.entry_hash = compute_hash(event)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order; stop at the first entry whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                event.pk,
                "its link to the previous entry is broken (deleted or reordered)",
            )
        if compute_hash(event) != event.entry_hash:
            return ChainReport(
                False, checked, event.pk, "its contents were changed after it was written"
            )
        expected_prev = event.entry_hash
        checked += 1
    return ChainReport(True, checked)
