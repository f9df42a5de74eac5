"""Where evidence photos live in the file storage (``core.files``), and keeping it in step with
the rows: a photo is written after its entry commits and deleted after its row's deletion commits
(a family removed under the retention rules, with its whole log). Photo files are encrypted at
rest (``core.crypto``): written as Fernet tokens, decrypted only by the access-checked view, and
re-encrypted by ``rotate_encryption_keys``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from relsafe.core import files, key_rotation

FOLDER = "evidence-photos"


def _delete_file(sender: Any, instance: Any, **kwargs: Any) -> None:
    files.delete_after_commit(folder=FOLDER, stored_name=instance.stored_name)


def register() -> None:
    """Called from ``EvidenceConfig.ready``."""
    from relsafe.evidence.models import EntryPhoto

    post_delete.connect(_delete_file, sender=EntryPhoto, dispatch_uid="evidence.photo.file")
    files.register_stored_files(
        folder=FOLDER,
        label="Evidence log photos",
        stored_names=lambda: EntryPhoto.objects.values_list("stored_name", flat=True).iterator(),
    )
    key_rotation.register_encrypted_files(
        folder=FOLDER,
        label="Evidence log photos",
        stored_names=lambda: EntryPhoto.objects.values_list("stored_name", flat=True).iterator(),
    )
