"""How ``rotate_encryption_keys`` (``core.key_rotation``) gets past the evidence log's written-once
triggers: the one sanctioned path (migration 0003, docs/EVIDENCE.md "Encryption at rest").

Inside the batch's transaction a :class:`~relsafe.evidence.models.KeyRotationPermit` row is
written, which the triggers look for; the tokens are rewritten under the newest key; the permit is
deleted again; and each touched entry's hash is computed again from its decrypted content and
compared with the hash stored at submission. The hash is over the plaintext, so it must match: if
it does not, the batch rolls back. No other connection ever sees the permit (it never commits).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models

from relsafe.core import key_rotation
from relsafe.evidence.chain import compute_hash, entries_with_content
from relsafe.evidence.models import EntryPerson, EvidenceEntry, KeyRotationPermit


class RotationChangedContent(RuntimeError):
    """An entry no longer hashes to what it did at submission after re-encryption."""


@contextmanager
def rotation_guard(model: type[models.Model], pks: list[int]) -> Iterator[None]:
    """Open the triggers for one batch of re-encryption and prove nothing it says changed."""
    permit = KeyRotationPermit.objects.create(reason=f"rotate_encryption_keys: {model._meta.label}")
    yield
    KeyRotationPermit.objects.filter(pk=permit.pk).delete()
    if model is EvidenceEntry:
        entry_ids = list(pks)
    else:
        entry_ids = list(
            EntryPerson.objects.filter(pk__in=pks).values_list("entry_id", flat=True).distinct()
        )
    for entry in entries_with_content().filter(pk__in=entry_ids):
        if compute_hash(entry) != entry.entry_hash:
            raise RotationChangedContent(
                f"Entry {entry.pk} no longer matches its hash after re-encryption; nothing in "
                "this batch was changed."
            )


def register() -> None:
    """Called from ``EvidenceConfig.ready``."""
    for model in (EvidenceEntry, EntryPerson):
        key_rotation.register_update_guard(model._meta.label, rotation_guard)
