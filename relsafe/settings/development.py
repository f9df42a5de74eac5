"""Local development and the demo: SQLite by default, a local secret key that is never committed."""

from __future__ import annotations

import secrets

from relsafe.settings.base import *
from relsafe.settings.base import VAR_DIR
from relsafe.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", False)


def _local_secret_key() -> str:
    """A per-checkout key in var/ (git-ignored), made on first run, so no secret lives in the repo."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()
# Served over plain http on 127.0.0.1 for the demo, so cookies cannot be Secure here.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
