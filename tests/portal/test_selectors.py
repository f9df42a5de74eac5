"""The one rule for where "Exit this page" appears, and when sign-in stops at the interruption."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.contrib.auth.models import AnonymousUser

from relsafe.accounts import hooks
from relsafe.accounts.models import User
from relsafe.accounts.roles import FAMILY_ROLES, STAFF_ROLES, Role
from relsafe.portal import selectors, services
from relsafe.portal.models import ExitGuidanceSeen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _person(role: str) -> User:
    family = role in FAMILY_ROLES
    return cast(
        User,
        UserFactory(role=role, **({"team": None, "organisation": None} if family else {})),
    )


@pytest.mark.parametrize("role", list(Role))
def test_shown_to_parents_and_young_people_never_to_staff(role: str) -> None:
    assert selectors.shows_exit_this_page(_person(role)) is (role in FAMILY_ROLES)
    assert role in FAMILY_ROLES or role in STAFF_ROLES


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_shown_to_anyone_not_signed_in(user: Any) -> None:
    assert selectors.shows_exit_this_page(user) is True


@pytest.mark.parametrize("role", list(Role))
def test_only_family_members_who_have_not_seen_it_need_the_interruption(role: str) -> None:
    person = _person(role)
    assert selectors.needs_exit_guidance(person) is (role in FAMILY_ROLES)
    services.mark_exit_guidance_seen(user=person)
    assert selectors.needs_exit_guidance(person) is False


def test_marking_it_seen_twice_keeps_one_record_and_the_first_date() -> None:
    parent = _person(Role.PARENT)
    first = services.mark_exit_guidance_seen(user=parent)
    second = services.mark_exit_guidance_seen(user=parent)
    assert ExitGuidanceSeen.objects.filter(user=parent).count() == 1
    assert second.seen_at == first.seen_at


def test_page_after_sign_in_carries_the_wanted_page_through_the_interruption() -> None:
    parent = _person(Role.PARENT)
    assert hooks.page_after_sign_in(user=parent, wanted="core:start") == "/before-you-start/"
    assert hooks.page_after_sign_in(user=parent, wanted="/") == "/before-you-start/"
    assert (
        hooks.page_after_sign_in(user=parent, wanted="/account/")
        == "/before-you-start/?next=%2Faccount%2F"
    )
    services.mark_exit_guidance_seen(user=parent)
    assert hooks.page_after_sign_in(user=parent, wanted="core:start") == "/"
    assert hooks.page_after_sign_in(user=parent, wanted="/account/") == "/account/"
