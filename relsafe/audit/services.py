"""Writing and verifying the audit trail. Nothing else writes to ``AuditEvent``.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
reordering any row breaks the chain from that point, which ``verify_chain`` reports.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, transaction
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


def _address(value: str) -> str | None:
    """One hop as a proxy writes it: '203.0.113.7', '2001:db8::1', or with a port
    ('203.0.113.7:4711', '[2001:db8::1]:4711'). None for anything else ('unknown', junk)."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from, as django-axes and the audit trail record it.

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) that is ``REMOTE_ADDR``, and X-Forwarded-For is
    ignored: anyone can write it. Behind n proxies of our own, each appends the address it was
    reached from, so the hops are X-Forwarded-For's entries then ``REMOTE_ADDR``, and the last n
    of them are our proxies: the client is the hop just before them (the right-most address no
    proxy of ours vouches for). Whatever the client wrote further left is never read. A chain
    shorter than n + 1 (a request that did not come through every proxy) gives its left-most hop.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    hops.append(request.META.get("REMOTE_ADDR", ""))
    client = hops[max(len(hops) - 1 - proxies, 0)]
    return _address(client) or remote


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


def record_refusal(
    *,
    actor: Any,
    attempted: str,
    request: HttpRequest | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    family_id: int | None = None,
    reason: str = "",
) -> AuditEvent:
    """The one shape of every refusal: ``access_denied``, who, from where, the object they asked
    for (type and id, and the family when it is known), why, and what they were trying to do
    (``detail["attempted"]``: an ``access.policy.Action`` value, or ``open_page`` for a role guard).

    Layers below ``access`` (accounts) call this directly; everything else refuses through
    ``relsafe.access.policy.require`` / ``deny`` / ``not_found``, which call it.
    """
    return record(
        action=AuditAction.ACCESS_DENIED,
        actor=actor,
        request=request,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        family_id=family_id,
        reason=reason,
        detail={"attempted": attempted},
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(*, batch_size: int = 2000, using: str = DEFAULT_DB_ALIAS) -> ChainReport:
    """Walk the whole chain in order; stop at the first entry whose hash or link does not hold.

    ``using`` names another database alias, so the restore drill can verify a restored copy.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    events = AuditEvent.objects.using(using).order_by("id")
    for event in events.iterator(chunk_size=batch_size):
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


# --- Anchoring the chain outside the database -------------------------------------------------
#
# The chain proves that no entry was edited, removed or reordered *before* the last one, but someone
# with the database could still cut off the newest entries and the chain would verify. So the head
# (id and hash) is written, at least daily, to an append-only file outside the database; every
# anchor must still be found in the chain. Each anchor line also carries the hash of the line before
# it, so a line edited or removed inside the file is noticed too.


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    entry_hash: str
    anchored_at: str
    prev_line_sha256: str

    def line(self) -> str:
        return json.dumps(
            {
                "entry_id": self.entry_id,
                "entry_hash": self.entry_hash,
                "anchored_at": self.anchored_at,
                "prev_line_sha256": self.prev_line_sha256,
            },
            sort_keys=True,
            separators=(",", ":"),
        )


@dataclass(frozen=True)
class AnchorReport:
    ok: bool
    checked: int
    file_found: bool
    line_number: int | None = None
    problem: str = ""


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _line_digest(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()


def anchor_chain_head(*, path: Path | None = None) -> Anchor | None:
    """Append the chain's current head to the anchor file; None when the trail is still empty.

    The file is opened for appending only and locked while the previous line is read, so two
    anchors written at once still link to each other.
    """
    path = path or anchor_file()
    head = AuditEvent.objects.order_by("-id").values_list("id", "entry_hash").first()
    if head is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        anchor = Anchor(
            entry_id=head[0],
            entry_hash=head[1],
            anchored_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            prev_line_sha256=_line_digest(lines[-1]) if lines else GENESIS_HASH,
        )
        os.write(fd, (anchor.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor


def verify_anchors(
    *, path: Path | None = None, batch_size: int = 1000, using: str = DEFAULT_DB_ALIAS
) -> AnchorReport:
    """Every anchor written so far must still name an entry in the chain, with the same hash.

    A missing file is not a failure here (a new installation has none yet), but the report says
    so and ``verify_audit`` prints it, because without anchors a cut-off tail cannot be seen.
    ``using`` names another database alias (the restore drill checks a restored copy).
    """
    path = path or anchor_file()
    if not path.exists():
        return AnchorReport(ok=True, checked=0, file_found=False)
    anchors: list[tuple[int, dict[str, Any]]] = []
    expected_prev = GENESIS_HASH
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            entry_id, entry_hash = int(data["entry_id"]), str(data["entry_hash"])
        except (ValueError, KeyError, TypeError):
            return AnchorReport(False, len(anchors), True, number, "it cannot be read")
        if data.get("prev_line_sha256") != expected_prev:
            return AnchorReport(
                False,
                len(anchors),
                True,
                number,
                "the anchor file itself was edited: this line does not follow the one before it",
            )
        expected_prev = _line_digest(line)
        anchors.append((number, {"entry_id": entry_id, "entry_hash": entry_hash, **data}))
    for start in range(0, len(anchors), batch_size):
        batch = anchors[start : start + batch_size]
        found = dict(
            AuditEvent.objects.using(using)
            .filter(pk__in=[a["entry_id"] for _, a in batch])
            .values_list("id", "entry_hash")
        )
        for offset, (number, anchor) in enumerate(batch):
            if found.get(anchor["entry_id"]) != anchor["entry_hash"]:
                return AnchorReport(
                    False,
                    start + offset,
                    True,
                    number,
                    f"the anchor written at {anchor.get('anchored_at', '?')} UTC for entry "
                    f"#{anchor['entry_id']} (hash {anchor['entry_hash'][:12]}…) is no longer in "
                    "the chain: entries were deleted or rewritten after it was anchored",
                )
    return AnchorReport(True, len(anchors), True)
