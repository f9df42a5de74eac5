"""Helpers for sign-in tests: people with and without an authenticator, and current codes."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.portal.models import ExitGuidanceSeen
from tests.factories import TEST_PASSWORD, FamilyMemberFactory, TOTPDeviceFactory, UserFactory


def a_worker(**fields: Any) -> User:
    """A staff member (parent support worker unless ``role`` says otherwise), typed for mypy."""
    return cast(User, UserFactory(**fields))


def a_parent(**fields: Any) -> User:
    return cast(User, FamilyMemberFactory(**fields))


def code_for(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows right now."""
    device.refresh_from_db()
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return str(code).zfill(device.digits)


def enter_password(client: Client, email: str, password: str = TEST_PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password}, **extra)


def enter_code(client: Client, code: str) -> Any:
    return client.post(reverse("accounts:sign-in-code"), {"code": code})


def is_signed_in(client: Client) -> bool:
    """Whether this browser's session is signed in, judged as the server does on a request."""
    response = client.get(reverse("accounts:account"))
    return response.status_code == 200


@pytest.fixture
def worker(db: Any) -> User:
    """A parent support worker with a confirmed authenticator app."""
    user = a_worker(role=Role.PARENT_SUPPORT_WORKER)
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def parent(db: Any) -> User:
    """A parent who has signed in before, so was already shown how "Exit this page" works and
    sign-in goes straight on (the first sign-in's interruption page: tests/portal)."""
    user = a_parent()
    ExitGuidanceSeen.objects.create(user=user)
    return user
