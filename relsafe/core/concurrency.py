"""Optimistic locking, once for every app.

A worker opens a form, spends twenty minutes writing, and saves. If a colleague saved the same
record in between, the later save must not silently overwrite the earlier one. Each versioned
model has a ``version`` integer; a form carries the version the person started from, and the save
is a single conditional ``UPDATE … SET version = version + 1 WHERE pk = … AND version = expected``.
If no row matched, someone else saved first and :class:`EditConflict` carries both sides so the
page can show "what you wrote" next to "what is there now".

The UPDATE runs in the caller's transaction (services are ``@transaction.atomic``), so the audit
entry written after it commits or rolls back with it. Two writers racing on the same version can
never both succeed: the database serialises the two UPDATEs on the row, and the second one's
``WHERE version = expected`` no longer matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from relsafe.core.text_limits import check_text_limits

__all__ = ["EditConflict", "check_unchanged", "update_if_unchanged"]

M = TypeVar("M", bound=Model)


class EditConflict(Exception):
    """Someone else saved this record after the person opened it; nothing was overwritten.

    ``current`` is the record as it is saved now; ``saved`` is what this person tried to save
    (the changes, by field name), so neither edit is lost.
    """

    def __init__(self, current: Any, saved: Mapping[str, Any] | None = None) -> None:
        super().__init__("The record was changed by someone else since you opened it.")
        self.current = current
        self.saved: dict[str, Any] = dict(saved or {})


# Sent after ``update_if_unchanged`` saved a row (``instance``: the row as now saved).
row_updated = Signal()


def _one_row(target: M | QuerySet[M]) -> QuerySet[M]:
    if isinstance(target, QuerySet):
        return target
    return type(target)._default_manager.filter(pk=target.pk)


def check_unchanged(
    current: Any, expected_version: int, *, saved: Mapping[str, Any] | None = None
) -> None:
    """Raise :class:`EditConflict` if a row the caller has already locked and read is at another
    version (for writes that must validate against the saved row before changing it)."""
    if current.version != expected_version:
        raise EditConflict(current, saved)


def update_if_unchanged(
    target: M | QuerySet[M],
    expected_version: int,
    /,
    **changes: Any,
) -> M:
    """Apply ``changes`` and bump ``version`` only if the row is still at ``expected_version``.

    ``target`` is a model instance or a queryset narrowed to one row (pass a queryset to choose
    how the record is re-read, e.g. with ``select_related``). Returns the record as now saved;
    when given an instance, that instance is refreshed in place. Raises :class:`EditConflict`
    (with the row as it is now) if someone else saved first, and ``ValidationError`` for text
    longer than its field allows (``core.text_limits``). Fields with ``auto_now`` are stamped, as
    ``save()`` would. Must run inside a transaction.
    """
    rows = _one_row(target)
    check_text_limits(rows.model, changes)
    # QuerySet.update() skips auto_now; set it here so "last changed" stays true after an edit.
    now = timezone.now()
    stamped = {
        f.attname: now
        for f in rows.model._meta.concrete_fields
        if getattr(f, "auto_now", False) and f.attname not in changes
    }
    updated = rows.filter(version=expected_version).update(
        version=F("version") + 1, **stamped, **changes
    )
    if updated == 0:
        raise EditConflict(rows.get(), changes)
    if isinstance(target, QuerySet):
        saved = rows.get()
    else:
        target.refresh_from_db()
        saved = target
    # QuerySet.update() sends no post_save; data kept from this row (the caseload's next due,
    # relsafe.cases.next_due) listens here instead.
    row_updated.send(sender=rows.model, instance=saved)
    return saved
