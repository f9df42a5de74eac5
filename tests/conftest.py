"""Shared fixtures: a signed-in client per role (MFA passed for staff) and the demo world."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from relsafe.accounts.models import User

# Property tests check behaviour, not speed: no per-example deadline and no "too slow" health
# check (CI machines are shared and run the browser tests alongside).
hypothesis_settings.register_profile(
    "relsafe", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("relsafe")

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (CI's second database: a test that never "
        "touches it gives the same result on both, and pytest-django refuses it any database).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        uses_database = item.get_closest_marker("django_db") is not None or bool(
            names & DATABASE_FIXTURES
        )
        (kept if uses_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def sign_in_client(client: Client, user: User) -> Client:
    """Sign in as this person with MFA passed, as the real two-step sign-in leaves the session."""
    import time

    client.force_login(user, backend="relsafe.accounts.backends.EmailBackend")
    session = client.session
    if user.is_staff_role:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = time.time()
    session["signed_in_at"] = now
    session["last_activity"] = now
    session.save()
    return client


def identity_confirmed(client: Client) -> Client:
    """As if the person had just passed *Confirm it is you* (step-up), for pages that ask."""
    import time

    from relsafe.accounts.reauth import REAUTH_SESSION_KEY

    session = client.session
    session[REAUTH_SESSION_KEY] = time.time()
    session.save()
    return client


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    """``signed_in(user)`` returns a new test client signed in as that person."""

    def make(user: User) -> Client:
        return sign_in_client(Client(), user)

    return make


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded files go to a throwaway folder per test, never the developer's var/files."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def demo_world(db: Any) -> Any:
    from relsafe.core.demo import seed_all

    return seed_all()


@pytest.fixture(autouse=True)
def _audit_table_resettable(request: pytest.FixtureRequest) -> Any:
    """Keep the append-only triggers in place for every test that uses the database.

    Transactional tests end with a flush (DELETE on SQLite) that the trigger would refuse, so for
    them the trigger is lifted after the test body and before the flush: the database is requested
    from inside this fixture, so it is torn down after this fixture's teardown runs.
    """
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        yield
        return
    from relsafe.audit import maintenance

    if not maintenance.triggers_installed():
        maintenance.install_triggers()
    yield
    if transactional:
        maintenance.remove_triggers()
