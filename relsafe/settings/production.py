"""Production: every secret and host from the environment, HTTPS everywhere, PostgreSQL expected."""

from __future__ import annotations

import base64
import binascii
import hashlib

from relsafe.settings.base import *
from relsafe.settings.env import ConfigError, env_bool, env_int, env_list, env_str

DEBUG = False
STAFF_REQUIRE_SECURITY_KEY = env_bool("STAFF_REQUIRE_SECURITY_KEY", True)
SECRET_KEY = env_str(
    "SECRET_KEY",
    required=True,
    hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'",
)
if len(SECRET_KEY) < 50:
    raise ConfigError("SECRET_KEY", "is shorter than 50 characters", "Use a long random value.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ConfigError(
        "ALLOWED_HOSTS",
        "is not set",
        "List the host names, comma-separated, e.g. relsafe.example.org.",
    )
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# __Host- cookies: Secure, no Domain, Path=/ (ASVS 3.3.1).
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-relsafe-session"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-relsafe-csrf"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
# Evidence exports are signed with the organisation's own key and certificate, never a pair
# relsafe made up itself (docs/EVIDENCE.md).
EVIDENCE_SIGNING_SELF_SIGNED = False

# `make serve-prod` and the load test run these settings over plain http on this machine only.
# SERVE_PROD_LOCAL_HTTP relaxes exactly what http cannot carry (Secure cookies, the HTTPS
# redirect) and refuses to start for any host but the loopback, so it cannot be left on in a
# real deployment.
if env_bool("SERVE_PROD_LOCAL_HTTP", False):
    if set(ALLOWED_HOSTS) - {"127.0.0.1", "localhost"}:
        raise ConfigError(
            "SERVE_PROD_LOCAL_HTTP",
            "is on with hosts other than 127.0.0.1 and localhost",
            "It is for running production settings on this machine only; unset it.",
        )
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "relsafe-session"
    CSRF_COOKIE_NAME = "relsafe-csrf"
    CSRF_TRUSTED_ORIGINS = [f"http://{h}:{port}" for h in ALLOWED_HOSTS for port in (8000, 8001)]

# Encryption at rest: real keys only, newest first (docs/OPERATIONS.md, "Encryption at rest and key
# rotation"). Without them the encrypted fields could not be read, so production does not start.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
_FERNET_HINT = (
    "Generate one with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())' and keep it in your secret store."
)
if not FIELD_ENCRYPTION_KEYS:
    raise ConfigError("FIELD_ENCRYPTION_KEYS", "is not set", _FERNET_HINT)
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        _valid = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except (binascii.Error, ValueError):
        _valid = False
    if not _valid:
        raise ConfigError(
            "FIELD_ENCRYPTION_KEYS", "holds a value that is not a Fernet key", _FERNET_HINT
        )
# The public development key only for `make serve-prod` on this machine (SERVE_PROD_LOCAL_HTTP,
# below, refuses any host but the loopback), which serves the demo's data.
_DEVELOPMENT_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(FIELD_ENCRYPTION_DEVELOPMENT_LABEL.encode()).digest()
).decode()
if _DEVELOPMENT_KEY in FIELD_ENCRYPTION_KEYS and not env_bool("SERVE_PROD_LOCAL_HTTP", False):
    raise ConfigError("FIELD_ENCRYPTION_KEYS", "holds the public development key", _FERNET_HINT)
