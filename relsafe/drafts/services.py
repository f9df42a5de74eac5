"""Every change to drafts: keep (autosave), discard, forget after a successful save, prune.

Each runs in one transaction with its audit entry. The audit says which form and which fields,
never the words: the draft itself is the only copy of those until the form is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, deny, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.drafts import keys
from relsafe.drafts.models import Draft

# Never kept: the CSRF token and the ticket itself.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "draft_token"})
MAX_FIELDS = 80
MAX_CHARS = 200_000  # all values together; a very long note is still far below this


def retention() -> dt.timedelta:
    return dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)


def _fields_from(data: QueryDict | Mapping[str, Any]) -> dict[str, list[str]]:
    items: list[tuple[str, list[Any]]]
    if isinstance(data, QueryDict):
        items = [(k, data.getlist(k)) for k in data]
    else:
        items = [(k, v if isinstance(v, list) else [v]) for k, v in data.items()]
    fields = {str(k): [str(v) for v in values] for k, values in items if k not in NOT_KEPT}
    if len(fields) > MAX_FIELDS or sum(len(v) for vs in fields.values() for v in vs) > MAX_CHARS:
        raise ValidationError("This is too long to keep as a draft.")
    return fields


def _family_for(
    actor: User, ticket: keys.DraftTicket, request: HttpRequest | None
) -> Family | None:
    """Access is decided again now: the allocation may have ended since the form was opened."""
    if ticket.user_id != getattr(actor, "pk", None):
        raise deny(actor, Action.KEEP_DRAFT, request=request, reason="This draft is not yours.")
    family = None
    if ticket.family_id is not None:
        family = Family.objects.filter(pk=ticket.family_id).first()
        if family is None:
            raise deny(
                actor, Action.KEEP_DRAFT, request=request, reason="That family is not there."
            )
    require(actor, Action.KEEP_DRAFT, family=family, request=request)
    return family


@atomic_action
def keep_draft(
    *,
    actor: User,
    token: str,
    data: QueryDict | Mapping[str, Any],
    request: HttpRequest | None = None,
    reason: str = "",
) -> Draft:
    """Store what the person has typed so far (one draft per person and form, replaced each
    time). Raises ``NotAllowed`` (audited) for a bad or someone else's ticket or lost access,
    ValidationError if oversized."""
    try:
        ticket = keys.read(token)
    except signing.BadSignature:
        raise deny(
            actor,
            Action.KEEP_DRAFT,
            request=request,
            reason="This form's draft ticket is not valid.",
        ) from None
    family = _family_for(actor, ticket, request)
    fields = _fields_from(data)
    existing = (
        Draft.objects.select_for_update().filter(owner=actor, form_key=ticket.form_key).first()
    )
    if (
        existing is not None
        and existing.fields == fields
        and existing.family_id == ticket.family_id
    ):
        return existing  # nothing new typed: no write, no audit entry
    now = timezone.now()
    draft, created = Draft.objects.update_or_create(
        owner=actor,
        form_key=ticket.form_key,
        defaults={"family": family, "path": ticket.path, "fields": fields, "updated_at": now},
        create_defaults={
            "family": family,
            "path": ticket.path,
            "fields": fields,
            "updated_at": now,
            "created_at": now,
        },
    )
    record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=draft,
        family_id=ticket.family_id,
        reason=reason,
        detail={"form": ticket.form_key, "fields": sorted(fields)},
    )
    return draft


@atomic_action
def discard_draft(*, actor: User, draft: Draft, request: HttpRequest | None = None) -> None:
    """The person chose "Discard it"."""
    require(actor, Action.DISCARD_DRAFT, record=draft, request=request)
    record(
        action=AuditAction.DELETE,
        actor=actor,
        request=request,
        obj=draft,
        family_id=draft.family_id,
        detail={"form": draft.form_key, "why": "discarded"},
    )
    draft.delete()


@transaction.atomic
def forget_draft(*, actor: User, form_key: str, request: HttpRequest | None = None) -> bool:
    """The form was saved: its draft is no longer needed. True if there was one."""
    draft = Draft.objects.filter(owner=actor, form_key=form_key).first()
    if draft is None:
        return False
    record(
        action=AuditAction.DELETE,
        actor=actor,
        request=request,
        obj=draft,
        family_id=draft.family_id,
        detail={"form": form_key, "why": "saved"},
    )
    draft.delete()
    return True


@transaction.atomic
def prune_expired_drafts(*, now: dt.datetime | None = None) -> int:
    """Delete drafts nobody came back to within DRAFT_RETENTION_DAYS (``manage.py prune_drafts``,
    daily). One audit entry for the run, with the count: the drafts named no one's words."""
    cutoff = (now or timezone.now()) - retention()
    count, _ = Draft.objects.filter(updated_at__lt=cutoff).delete()
    if count:
        record(
            action=AuditAction.DELETE,
            object_type="drafts.draft",
            actor_email="system:prune_drafts",
            detail={"expired": count, "older_than_days": settings.DRAFT_RETENTION_DAYS},
        )
    return count
