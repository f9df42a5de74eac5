"""People for the portal tests: a parent, a young person and staff, none of whom has yet been
shown the interruption page."""

from __future__ import annotations

from typing import Any, cast

import pytest

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from tests.factories import FamilyMemberFactory, TOTPDeviceFactory, UserFactory


@pytest.fixture
def parent(db: Any) -> User:
    return cast(User, FamilyMemberFactory())


@pytest.fixture
def young_person(db: Any) -> User:
    return cast(User, FamilyMemberFactory(role=Role.YOUNG_PERSON))


@pytest.fixture
def worker(db: Any) -> User:
    """A parent support worker with a confirmed authenticator app."""
    user = cast(User, UserFactory(role=Role.PARENT_SUPPORT_WORKER))
    TOTPDeviceFactory(user=user)
    return user
