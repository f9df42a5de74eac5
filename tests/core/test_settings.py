"""Production settings: HTTPS-only, __Host- cookies, a year of HSTS, and start-up that stops with
a message naming any missing variable. Run in subprocesses so the real module is imported exactly
as a server would import it (checklist items 27-29; ASVS 3.3, 3.4, 13.4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from relsafe.settings.env import ConfigError, env_bool, env_int, env_list

# Examples are quick, but a busy CI machine can stall any one of them past the default deadline.
no_deadline = hypothesis_settings(deadline=None)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ENV = {
    "DJANGO_SETTINGS_MODULE": "relsafe.settings.production",
    "SECRET_KEY": "example-production-key-" + "k" * 40,
    "ALLOWED_HOSTS": "relsafe.example.org",
    "DATABASE_URL": "postgresql://relsafe@127.0.0.1:5432/relsafe",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}
# A server's environment, not the test runner's: nothing else leaks in (the suite itself sets
# DJANGO_ALLOW_ASYNC_UNSAFE, which the deployment check rightly refuses).
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
names = ["DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
         "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
         "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
         "CSRF_COOKIE_SAMESITE", "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN",
         "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
         "STAFF_IDLE_TIMEOUT_SECONDS", "SESSION_ABSOLUTE_TIMEOUT_SECONDS"]
from django.contrib.auth.hashers import make_password
shown = {n: getattr(settings, n) for n in names}
shown["hash_prefix"] = "$".join(make_password("a long example password").split("$")[:2])
print(json.dumps(shown))
"""


def _run(
    args: list[str], env_changes: dict[str, str | None], timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k in PASSED_THROUGH}
    env.update(EXAMPLE_ENV)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _production_settings(**env_changes: str | None) -> dict[str, Any]:
    result = _run(["-c", SHOW_SETTINGS], env_changes)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_https_only_with_a_year_of_hsts_and_host_cookies() -> None:
    s = _production_settings()
    assert s["DEBUG"] is False
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    for cookie in ("SESSION", "CSRF"):
        assert s[f"{cookie}_COOKIE_NAME"].startswith("__Host-")
        assert s[f"{cookie}_COOKIE_SECURE"] is True
        assert s[f"{cookie}_COOKIE_DOMAIN"] is None  # __Host- cookies must not set Domain
        assert s[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert s["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["STAFF_IDLE_TIMEOUT_SECONDS"] <= 15 * 60
    assert s["SESSION_ABSOLUTE_TIMEOUT_SECONDS"] <= 12 * 60 * 60
    assert s["hash_prefix"] == "argon2$argon2id"  # checklist item 3


def test_a_bank_holiday_region_that_is_not_a_uk_nation_is_refused_by_name() -> None:
    result = _run(["-c", SHOW_SETTINGS], {"BANK_HOLIDAY_REGION": "France"})
    assert result.returncode != 0
    assert "BANK_HOLIDAY_REGION" in result.stderr
    assert "ENG (England)" in result.stderr


def test_hsts_shorter_than_a_year_is_refused() -> None:
    result = _run(["-c", SHOW_SETTINGS], {"SECURE_HSTS_SECONDS": "86400"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"SECURE_SSL_REDIRECT": "perhaps"}, "SECURE_SSL_REDIRECT"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
    ],
)
def test_a_missing_or_malformed_variable_stops_start_up_naming_it(
    changes: dict[str, str | None], variable: str
) -> None:
    result = _run(["-c", SHOW_SETTINGS], changes)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ConfigError" in last_line
    assert variable in last_line


def test_production_responses_carry_hsts_and_host_prefixed_secure_cookies() -> None:
    script = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
# Only so the page renders without `collectstatic` having run; nothing about headers depends on it.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
c = Client(HTTP_HOST="relsafe.example.org")
plain = c.get("/account/sign-in/")
r = c.get("/account/sign-in/", secure=True)
cookie = r.cookies["__Host-relsafe-csrf"]
print(json.dumps({"redirect": [plain.status_code, plain["Location"]],
  "hsts": r["Strict-Transport-Security"], "cookie": cookie.OutputString()}))
"""
    result = _run(["-c", script], {"DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["redirect"] == [301, "https://relsafe.example.org/account/sign-in/"]
    assert "max-age=31536000" in seen["hsts"]
    assert "includeSubDomains" in seen["hsts"]
    cookie = seen["cookie"]
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_deployment_checklist_is_clean() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Parsing environment variables (hypothesis) -------------------------------------------------

TRUE_WORDS = ["1", "true", "yes", "on"]
FALSE_WORDS = ["0", "false", "no", "off"]
padding = st.sampled_from(["", " ", "\t", "  "])


def _env(**values: str) -> Any:
    return mock.patch.dict(os.environ, values)


@no_deadline
@given(st.sampled_from(TRUE_WORDS + FALSE_WORDS), padding, padding, st.booleans(), st.booleans())
def test_env_bool_reads_yes_and_no_in_any_case(
    word: str, before: str, after: str, upper: bool, default: bool
) -> None:
    raw = before + (word.upper() if upper else word) + after
    with _env(RS_TEST_BOOL=raw):
        assert env_bool("RS_TEST_BOOL", default) is (word in TRUE_WORDS)


@no_deadline
@given(st.text(max_size=12), st.booleans())
def test_env_bool_refuses_anything_else_naming_the_variable(raw: str, default: bool) -> None:
    if "\0" in raw or raw.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return
    with _env(RS_TEST_BOOL=raw):
        if raw.strip() == "":
            assert env_bool("RS_TEST_BOOL", default) is default
            return
        with pytest.raises(ConfigError) as error:
            env_bool("RS_TEST_BOOL", default)
    assert error.value.variable == "RS_TEST_BOOL"
    assert str(error.value).startswith("RS_TEST_BOOL:")


@no_deadline
@given(st.integers(min_value=-(10**12), max_value=10**12), padding, st.integers(-100, 100))
def test_env_int_reads_whole_numbers_and_enforces_the_minimum(
    value: int, pad: str, minimum: int
) -> None:
    with _env(RS_TEST_INT=f"{pad}{value}{pad}"):
        if value < minimum:
            with pytest.raises(ConfigError, match=r"RS_TEST_INT: .* below the minimum"):
                env_int("RS_TEST_INT", 5, minimum=minimum)
        else:
            assert env_int("RS_TEST_INT", 5, minimum=minimum) == value


@no_deadline
@given(st.text(alphabet="abcxyz.,- ", min_size=1, max_size=12).filter(lambda s: s.strip() != ""))
def test_env_int_refuses_words_naming_the_variable(raw: str) -> None:
    try:
        int(raw)
    except ValueError:
        pass
    else:
        return
    with _env(RS_TEST_INT=raw), pytest.raises(ConfigError, match=r"^RS_TEST_INT: .*whole number"):
        env_int("RS_TEST_INT", 5)


@pytest.mark.parametrize(("raw", "refused"), [("0", False), ("5", False), ("6", True)])
def test_env_int_enforces_a_maximum_naming_the_variable(raw: str, refused: bool) -> None:
    with _env(RS_TEST_INT=raw):
        if refused:
            with pytest.raises(ConfigError, match=r"^RS_TEST_INT: 6 is above the maximum 5"):
                env_int("RS_TEST_INT", 0, minimum=0, maximum=5)
        else:
            assert env_int("RS_TEST_INT", 0, minimum=0, maximum=5) == int(raw)


def test_unset_or_blank_variables_give_the_default() -> None:
    with mock.patch.dict(os.environ, {"RS_TEST_BLANK": "  "}):
        os.environ.pop("RS_TEST_UNSET", None)
        assert env_int("RS_TEST_UNSET", 7) == 7
        assert env_int("RS_TEST_BLANK", 7) == 7
        assert env_bool("RS_TEST_BLANK", True) is True
        assert env_list("RS_TEST_BLANK", ["a"]) == ["a"]


hostname = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True)


@no_deadline
@given(st.lists(hostname, min_size=1, max_size=6), st.lists(padding, min_size=6, max_size=6))
def test_env_list_splits_on_commas_and_trims(hosts: list[str], pads: list[str]) -> None:
    raw = ",".join(f"{pads[i]}{h}{pads[-i - 1]}" for i, h in enumerate(hosts)) + ", ,"
    with _env(RS_TEST_LIST=raw):
        assert env_list("RS_TEST_LIST", []) == hosts


@pytest.mark.parametrize(
    ("value", "options"),
    [(None, {"options": "-c random_page_cost=1.1"}), ("2", {"options": "-c random_page_cost=2"})],
)
def test_postgresql_plans_for_ssds_unless_told_otherwise(
    value: str | None, options: dict[str, str]
) -> None:
    from relsafe.settings.base import database_from_env

    env = {"DATABASE_URL": "postgresql://relsafe@127.0.0.1:5432/relsafe"}
    if value is not None:
        env["DB_RANDOM_PAGE_COST"] = value
    with mock.patch.dict(os.environ, env):
        assert database_from_env(Path("unused.sqlite3"))["OPTIONS"] == options
    with mock.patch.dict(os.environ, {**env, "DB_RANDOM_PAGE_COST": "server"}):
        assert "OPTIONS" not in database_from_env(Path("unused.sqlite3"))
    with (
        mock.patch.dict(os.environ, {**env, "DB_RANDOM_PAGE_COST": "fast"}),
        pytest.raises(ConfigError, match="DB_RANDOM_PAGE_COST"),
    ):
        database_from_env(Path("unused.sqlite3"))
