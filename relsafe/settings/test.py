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
# Tests serve the freshly built assets directly (no collectstatic step).
STATIC_ROOT = BASE_DIR / "static_build"
STATICFILES_DIRS = []  # STATIC_ROOT already holds them (staticfiles.E002 otherwise)
WHITENOISE_USE_FINDERS = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
