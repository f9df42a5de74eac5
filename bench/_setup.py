"""What every database benchmark starts with: Django set up on a migrated database.

DATABASE_URL if it is set (point it at an empty PostgreSQL database to measure that), otherwise a
throwaway SQLite file in a new temporary folder, which is returned for any other files a bench
writes. Test settings, so nothing touches the developer's own database or anchor file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def migrated_database() -> Path:
    workdir = Path(tempfile.mkdtemp())
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relsafe.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir
