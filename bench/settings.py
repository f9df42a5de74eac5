"""Settings for page benchmarks: the test settings' conveniences (the test client's host, a quick
password hash, background work at once) with production's database durability, so every commit
a page makes (its audit entry, the session) waits for the disk as it would in service."""

from __future__ import annotations

from relsafe.settings.base import VAR_DIR, database_from_env
from relsafe.settings.test import *  # noqa: F403

DATABASES = {"default": database_from_env(VAR_DIR / "relsafe.sqlite3")}
