"""Start-up checks for settings that no environment variable validation can see alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents or path in folder.parents


@register("security")
def files_outside_the_web_root(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Uploaded files must never sit where the static file server looks (relsafe.core.files)."""
    media = Path(settings.MEDIA_ROOT)
    served = [Path(p) for p in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS] if p]
    return [
        Error(
            f"RELSAFE_FILES_DIR ({media}) overlaps {folder}, which is served as static files.",
            hint="Keep uploaded files in a folder of their own, outside the web root.",
            id="relsafe.E001",
        )
        for folder in served
        if _inside(media, folder)
    ]


@register("security", deploy=True)
def field_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``check --deploy`` refuses a deployment whose encrypted fields would use no key, a malformed
    key or the public development key (relsafe.core.crypto)."""
    from relsafe.core.crypto import EncryptionNotConfigured, development_key, parse_keys

    hint = (
        "Set FIELD_ENCRYPTION_KEYS to one or more Fernet keys, newest first, comma-separated "
        "(docs/OPERATIONS.md, 'Encryption at rest and key rotation')."
    )
    try:
        keys = parse_keys(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or [])
    except EncryptionNotConfigured as error:
        return [Error(str(error), hint=hint, id="relsafe.E010")]
    if not keys:
        return [Error("FIELD_ENCRYPTION_KEYS is not set.", hint=hint, id="relsafe.E010")]
    if development_key() in keys:
        return [
            Error(
                "FIELD_ENCRYPTION_KEYS holds the public development key, which protects nothing.",
                hint=hint,
                id="relsafe.E011",
            )
        ]
    return []
