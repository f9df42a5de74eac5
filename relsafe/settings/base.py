"""Settings shared by every environment. Values that differ come from the environment (see README)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from relsafe.settings.env import (
    ConfigError,
    env_bool,
    env_int,
    env_json_object,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
ALLOWED_HOSTS: list[str] = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SECRET_KEY = ""  # set by each environment module

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # relsafe: plumbing
    "relsafe.core",
    "relsafe.accounts",
    "relsafe.audit",
    "relsafe.access",
    # relsafe: domain
    "relsafe.cases",
    "relsafe.relationships",
    "relsafe.language",
    "relsafe.assessments",
    "relsafe.plans",
    "relsafe.records",
    "relsafe.drafts",
    "relsafe.portal",
    "relsafe.resources",
    "relsafe.evidence",
    "relsafe.intelligence",
    "relsafe.justice",
    "relsafe.outcomes",
    "relsafe.governance",
    "relsafe.api",
    "relsafe.scale",
]

# Background work (a full re-link, long exports) runs through django-tasks on the database
# backend, which needs nothing but the database: `manage.py db_worker` runs it (`make demo` starts
# one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "relsafe.access.policy.PolicyPerRequest",
    "django_otp.middleware.OTPMiddleware",
    "relsafe.accounts.middleware.SessionPolicyMiddleware",
    "relsafe.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "relsafe.core.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "relsafe.core.forms.GovUKFormRenderer"
ROOT_URLCONF = "relsafe.urls"
WSGI_APPLICATION = "relsafe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "relsafe" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "relsafe.core.context_processors.shell",
                "relsafe.accounts.reauth.pending_download",
                "relsafe.portal.context_processors.exit_this_page",
            ],
        },
    }
]


def database_from_env(default_sqlite: Path) -> dict[str, object]:
    """DATABASE_URL picks the engine: SQLite by default, PostgreSQL (psycopg 3) in production."""
    url = env_str("DATABASE_URL", f"sqlite:///{default_sqlite}")
    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ConfigError(
            "DATABASE_URL",
            f"scheme of '{url.split(':', 1)[0]}' is not supported",
            "Use sqlite:///path/to/db.sqlite3 or postgresql://user@host:5432/dbname.",
        )
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions serialise writers, so the audit hash chain cannot fork.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    else:
        # PostgreSQL: keep each worker thread's connection for a while instead of opening one per
        # request, and check it before reuse so a restarted server costs one failed request at most.
        config["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
        config["CONN_HEALTH_CHECKS"] = True
        # Planner costs for SSD or memory-resident data (PostgreSQL's default of 4 assumes
        # spinning disks): with it a person's few families are found by index, not by reading
        # every family in the region (docs/PERFORMANCE.md). "server": keep the server's setting.
        page_cost = env_str("DB_RANDOM_PAGE_COST", "1.1")
        if page_cost != "server":
            try:
                float(page_cost)
            except ValueError:
                raise ConfigError(
                    "DB_RANDOM_PAGE_COST",
                    "is not a number",
                    "Use 1.1 for SSDs, or 'server' to keep the server's own setting.",
                ) from None
            config["OPTIONS"] = {"options": f"-c random_page_cost={page_cost}"}
    return config


VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": database_from_env(VAR_DIR / "relsafe.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "relsafe.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Argon2id first (ASVS 11.4.2); older hashes upgrade at next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# ASVS 6.2: length, not composition; common-password and context-word checks. Staff need 15 (see
# accounts.validators.RoleAwareMinimumLengthValidator).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "relsafe.accounts.validators.RoleAwareMinimumLengthValidator"},
    {"NAME": "relsafe.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "relsafe.accounts.validators.ContextWordValidator"},
]

# Sessions: server-side, short idle life for staff (see accounts.middleware.SessionPolicyMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form post is audited (access_denied) and shown our own 403 page.
CSRF_FAILURE_VIEW = "relsafe.core.views.csrf_failure"
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 15 * 60, minimum=60)
FAMILY_IDLE_TIMEOUT_SECONDS = env_int("FAMILY_IDLE_TIMEOUT_SECONDS", 30 * 60, minimum=60)
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env_int(
    "SESSION_ABSOLUTE_TIMEOUT_SECONDS", 12 * 60 * 60, minimum=60
)
REAUTH_WINDOW_SECONDS = env_int("REAUTH_WINDOW_SECONDS", 5 * 60, minimum=30)
# Staff must use a phishing-resistant factor (ASVS 6.3.3, L3): once on, staff without a security key
# or passkey are asked to add one before anything else, and those with one can no longer use an
# authenticator-app code (recovery codes still work, for a lost key). Off for the demo, whose staff
# sign in with app codes; on in production unless turned off while keys are being issued.
STAFF_REQUIRE_SECURITY_KEY = env_bool("STAFF_REQUIRE_SECURITY_KEY", False)
# Unsaved form text kept for its writer (relsafe.drafts): deleted by `prune_drafts` after this.
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 30, minimum=1)
DRAFT_AUTOSAVE_SECONDS = env_int("DRAFT_AUTOSAVE_SECONDS", 20, minimum=1)
# Which UK nation's bank holidays count as non-working days in referral deadlines (plans.deadlines).
BANK_HOLIDAY_REGION = env_str("BANK_HOLIDAY_REGION", "ENG").upper()
if BANK_HOLIDAY_REGION not in {"ENG", "WLS", "SCT", "NIR"}:
    raise ConfigError(
        "BANK_HOLIDAY_REGION",
        f"'{BANK_HOLIDAY_REGION}' is not a UK nation",
        "Use ENG (England), WLS (Wales), SCT (Scotland) or NIR (Northern Ireland).",
    )
# The new-family duplicate check says whether a named child is known anywhere, even in families
# the person cannot see (relsafe.cases.selectors.possible_duplicates): at most this many checks
# across all records per person per hour; past it, only their own families are checked. Team
# managers see who reached the limit, or ran at least DUPLICATE_CHECKS_UNUSUAL_PER_WEEK checks in
# the last seven days, on their start page.
DUPLICATE_CHECKS_PER_HOUR = env_int("DUPLICATE_CHECKS_PER_HOUR", 10, minimum=1)
DUPLICATE_CHECKS_UNUSUAL_PER_WEEK = env_int("DUPLICATE_CHECKS_UNUSUAL_PER_WEEK", 25, minimum=1)
BREAK_GLASS_HOURS = env_int("BREAK_GLASS_HOURS", 4, minimum=1)
BREAK_GLASS_REVIEW_DAYS = env_int("BREAK_GLASS_REVIEW_DAYS", 5, minimum=1)

# django-axes: lock the (username, IP) pair, never the account alone, so a stranger cannot lock a
# worker out; the lock lifts after the cool-off (ASVS 6.1.1, 6.3.1).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=3)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "relsafe.accounts.views.locked_out"
# How many proxies of our own (TLS terminator, load balancer) stand in front of the application.
# Each appends the address it was reached from to X-Forwarded-For; the client is the hop before
# the last TRUSTED_PROXY_COUNT. 0: REMOTE_ADDR, and X-Forwarded-For (anyone can write it) is
# ignored. One function gives the address to django-axes and to the audit trail alike.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
AXES_CLIENT_IP_CALLABLE = "relsafe.audit.services.client_ip"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "relsafe"

# Content-Security-Policy (django-csp 4): nonces for our module scripts, nothing inline without one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": ["/csp-report/"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
# Uploaded files (relsafe.core.files) go through Django's default storage: a FileSystemStorage in
# RELSAFE_FILES_DIR (outside the web root: nothing serves it; files are owner-only), unless
# RELSAFE_FILE_STORAGE names another backend, with its options as JSON in
# RELSAFE_FILE_STORAGE_OPTIONS. relsafe never asks the storage for a URL: downloads go through
# access-checked views.
MEDIA_ROOT = Path(env_str("RELSAFE_FILES_DIR", str(VAR_DIR / "files")))
FILE_STORAGE_BACKEND = env_str(
    "RELSAFE_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"
)
FILE_STORAGE_OPTIONS: dict[str, object] = env_json_object(
    "RELSAFE_FILE_STORAGE_OPTIONS",
    {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}
    if FILE_STORAGE_BACKEND == "django.core.files.storage.FileSystemStorage"
    else {},
)
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE_BACKEND, "OPTIONS": FILE_STORAGE_OPTIONS},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The largest form (six 20,000-character notes, every character four bytes and percent-encoded)
# stays under 2 MB; anything bigger is refused before it is parsed. Files are limited separately
# (10 MB, relsafe.core.files); the proxy in front must cap the whole request a little above that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "relsafe <no-reply@relsafe.invalid>")
# Text messages to family members (relsafe/portal/sms.py): a class with send(to=, body=).
RELSAFE_SMS_BACKEND = env_str("RELSAFE_SMS_BACKEND", "relsafe.portal.sms.ConsoleSMSBackend")

SERVICE_NAME = "relsafe"

# Criminal justice (relsafe.justice): after how many days in a stage a case is flagged to its worker
# as a long wait, with where each number comes from. Local defaults are marked as such: agree them
# with the police force and the CPS area, and change them here.
JUSTICE_LONG_WAITS: dict[str, tuple[int, str]] = {
    "report": (28, "Local default: a report should become an investigation within four weeks."),
    "investigation": (
        180,
        "Local default: no national time limit on investigations; review with the officer in charge.",
    ),
    "charge": (
        28,
        "Local default: a bailed defendant's first court appearance normally follows the charge "
        "within a few weeks; check the usual wait with the local magistrates' court.",
    ),
    "first_hearing": (
        28,
        "Better Case Management Handbook (judiciary, 2018): the Plea and Trial Preparation Hearing "
        "is normally held about 28 days after a case is sent to the Crown Court.",
    ),
    "plea": (
        182,
        "Custody time limit from sending to the start of trial: 182 days (Prosecution of Offences "
        "(Custody Time Limits) Regulations 1987, reg. 5), used as the outer bound for a witness's wait.",
    ),
    "trial": (14, "Local default: most trials with child witnesses last days, not weeks."),
    "verdict": (
        28,
        "Local default: sentence after a pre-sentence report usually follows within about 3 to 4 weeks.",
    ),
    "sentence": (90, "Local default: review support three months after sentence."),
    "appeal": (180, "Local default: review with the officer in charge."),
}
# Where "Exit this page" sends a parent or young person after ending their session (relsafe.portal):
# a neutral page that shows nothing personal, as the GOV.UK Design System suggests.
EXIT_THIS_PAGE_URL = env_url("EXIT_THIS_PAGE_URL", "https://www.bbc.co.uk/weather")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # pypdf warns about every damaged upload it is asked to read; core.files refuses those already.
    "loggers": {"axes": {"level": "WARNING"}, "pypdf": {"level": "ERROR"}},
}

# The audit chain's head is written here by `manage.py audit_anchor` (daily); keep it outside the
# database, ideally on append-only or shipped storage (docs/SECURITY.md, item 17).
AUDIT_ANCHOR_FILE = Path(env_str("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl")))

# The evidence log's exports are signed (pyHanko) with this key and certificate, PEM files kept
# outside the repository. In production they come from the organisation's own certificate
# authority (docs/EVIDENCE.md); the demo and the tests make a self-signed pair in var/ when the
# files are missing (EVIDENCE_SIGNING_SELF_SIGNED, off in production).
EVIDENCE_SIGNING_KEY = Path(
    env_str("EVIDENCE_SIGNING_KEY", str(VAR_DIR / "evidence-signing-key.pem"))
)
EVIDENCE_SIGNING_CERT = Path(
    env_str("EVIDENCE_SIGNING_CERT", str(VAR_DIR / "evidence-signing-cert.pem"))
)
EVIDENCE_SIGNING_SELF_SIGNED = env_bool("EVIDENCE_SIGNING_SELF_SIGNED", True)

# The REST API (relsafe.api, docs/API.md): personal access tokens only (no session or basic
# authentication, so no CSRF surface), one JSON error shape, per-token rate limits.
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "120/min")
API_MAX_BODY_BYTES = 1024 * 1024
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 90, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["relsafe.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["relsafe.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["relsafe.api.throttling.PerTokenThrottle"],
    "DEFAULT_PARSER_CLASSES": ["relsafe.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "relsafe.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "relsafe.api.errors.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "relsafe API",
    "DESCRIPTION": "Families, young people, contacts, chronology, plans, referrals and missing "
    "episodes, through the same access rules as the web pages. See docs/API.md.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "ContactKind": "relsafe.records.models.Contact.Kind",
        "ReferralKind": "relsafe.plans.models.Referral.Kind",
        "FamilyStatus": "relsafe.cases.models.Family.Status",
        "PlanActionStatus": "relsafe.plans.models.PlanAction.Status",
        "ReferralDecision": "relsafe.plans.models.Referral.Decision",
        "SubmissionStatus": "relsafe.intelligence.models.Submission.Status",
        "IntelligenceOutcome": ["in_progress", "actioned", "linked", "nfa"],
    },
}

# Encryption at rest (relsafe.core.crypto; docs/SECURITY.md "Encryption at rest and key rotation"):
# Fernet keys, newest first, comma-separated in the environment. Without the variable the demo and
# the tests use one fixed key derived from a public label: it protects nothing and production
# refuses it (settings.production and the deploy check relsafe.E010).
FIELD_ENCRYPTION_DEVELOPMENT_LABEL = (
    "relsafe development and test field key - NOT SECRET - never in production"
)
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS",
    [
        base64.urlsafe_b64encode(
            hashlib.sha256(FIELD_ENCRYPTION_DEVELOPMENT_LABEL.encode()).digest()
        ).decode()
    ],
)
