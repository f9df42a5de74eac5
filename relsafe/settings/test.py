"""Test settings: the real database named by DATABASE_URL (SQLite by default), real middleware."""

from __future__ import annotations

from relsafe.settings.base import *

SECRET_KEY = "test-only-key-not-secret-" + "x" * 40
DEBUG = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Argon2id still, at a cost low enough for thousands of test sign-ins.
PASSWORD_HASHERS = ["relsafe.accounts.hashers.FastArgon2PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Tests serve the freshly built assets straight from static_build/ through the finders (no
# collectstatic step): pytest-django's live server answers /static/ with Django's
# StaticFilesHandler, which only looks in STATICFILES_DIRS, so static_build/ must stay there.
STATIC_ROOT = VAR_DIR / "test-staticfiles-never-collected"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
RELSAFE_SMS_BACKEND = "relsafe.portal.sms.LocmemSMSBackend"
AXES_ENABLED = True
# Never the developer's var/ anchor file; tests that anchor point this at their own tmp_path.
AUDIT_ANCHOR_FILE = BASE_DIR / "var" / "test-audit-anchors-never-written.jsonl"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as in production, not shared-cache memory: each thread (and the live server) gets
    # its own connection, and IMMEDIATE transactions serialise writers as they do in production
    # (tests/audit/test_concurrency.py). pytest-xdist adds a suffix per worker.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-relsafe.sqlite3")}
    # Throwaway data: no need to wait for the disk on every commit.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),  # type: ignore[dict-item]
        "init_command": "PRAGMA synchronous=OFF;",
    }

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Throwaway data here too: a commit need not wait for the write-ahead log to reach the disk
    # (a crash loses the last moments of a test database, never its consistency).
    _options: dict[str, str] = dict(DATABASES["default"].get("OPTIONS", {}))  # type: ignore[call-overload]
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
    DATABASES["default"]["OPTIONS"] = _options

# Tests run background work at once, in the same transaction, so they can look at its result.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A fresh connection per test thread: live-server tests must not leave connections open that
# PostgreSQL would refuse to drop the test database over.
DATABASES["default"]["CONN_MAX_AGE"] = 0
