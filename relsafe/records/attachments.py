"""Where contact attachments live in the file storage, and keeping storage and rows in step.

The checks, the storage and the download response are ``relsafe.core.files``; this module only says
which folder is the attachments' and ties the file's life to its row: a file is written after its
row commits (``records.services.add_attachment``) and deleted after its row's deletion commits
(including a contact or family deleted with everything on it)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from relsafe.core import files

FOLDER = "attachments"


def _delete_file(sender: Any, instance: Any, **kwargs: Any) -> None:
    files.delete_after_commit(folder=FOLDER, stored_name=instance.stored_name)


def register() -> None:
    """Called from ``RecordsConfig.ready``."""
    from relsafe.records.models import Attachment

    post_delete.connect(_delete_file, sender=Attachment, dispatch_uid="records.attachment.file")
    files.register_stored_files(
        folder=FOLDER,
        label="Contact attachments",
        stored_names=lambda: Attachment.objects.values_list("stored_name", flat=True).iterator(),
    )
