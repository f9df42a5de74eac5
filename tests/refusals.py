"""Checking a refusal the way every refusal must look: ``NotAllowed`` (or a 404), one
``access_denied`` audit entry naming who tried what, and nothing else written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent


@contextmanager
def refused(actor: Any, attempted: str, *, family: Any = None) -> Iterator[None]:
    """Expect the block to raise ``NotAllowed`` for ``actor``, leaving exactly one
    ``access_denied`` entry (``detail.attempted == attempted``) and no other audit entry."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with pytest.raises(NotAllowed):
        yield
    assert_one_refusal(actor, attempted, after=last, family=family)


def assert_one_refusal(actor: Any, attempted: str, *, after: int, family: Any = None) -> None:
    new = list(AuditEvent.objects.filter(id__gt=after))
    assert [e.action for e in new] == [AuditAction.ACCESS_DENIED], (
        f"expected one refusal and nothing else, got {[(e.action, e.object_type) for e in new]}"
    )
    entry = new[0]
    assert entry.actor_id == actor.pk
    assert entry.detail == {"attempted": attempted}
    assert entry.reason
    if family is not None:
        assert entry.family_id == family.pk


def last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
