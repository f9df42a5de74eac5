"""The policy keeps route answers for one read-only request, and forgets them on any change."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.roles import Role
from tests.factories import AllocationFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _inside(method: str, ask: Any) -> Any:
    """Run ``ask`` as the policy middleware would serve a request with this method."""
    answers: list[Any] = []

    def view(_request: Any) -> None:
        answers.append(ask())

    policy.PolicyPerRequest(view)(RequestFactory().generic(method, "/"))
    return answers[0]


def test_a_read_only_request_asks_the_database_once_per_route_question() -> None:
    family: Any = FamilyFactory()
    worker: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
    AllocationFactory(family=family, worker=worker)

    def ask_three_times() -> tuple[list[bool], int]:
        with CaptureQueriesContext(connection) as captured:
            answers = [policy.can(worker, Action.VIEW_FAMILY, family=family) for _ in range(3)]
        return answers, len(captured.captured_queries)

    assert _inside("GET", ask_three_times) == ([True, True, True], 1)
    # A request that may change things asks every time.
    assert _inside("POST", ask_three_times) == ([True, True, True], 3)
    # Outside a request (commands, tasks) nothing is kept either.
    assert ask_three_times() == ([True, True, True], 3)


def test_ending_the_allocation_mid_request_is_seen_at_once() -> None:
    family: Any = FamilyFactory()
    worker: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
    allocation: Any = AllocationFactory(family=family, worker=worker)

    def before_and_after() -> tuple[bool, bool, Any, Any]:
        before = policy.can(worker, Action.VIEW_FAMILY, family=family)
        reason = policy.access_reason(worker, family)
        allocation.ended_at = timezone.now()
        allocation.save(update_fields=["ended_at"])
        after = policy.can(worker, Action.VIEW_FAMILY, family=family)
        return before, after, reason, policy.access_reason(worker, family)

    assert _inside("GET", before_and_after) == (
        True,
        False,
        policy.AccessReason.ALLOCATED,
        None,
    )


def test_answers_are_per_person_and_per_family() -> None:
    family: Any = FamilyFactory()
    other: Any = FamilyFactory()
    worker: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
    colleague: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER, team=worker.team)
    AllocationFactory(family=family, worker=worker)

    def ask() -> list[bool]:
        return [
            policy.can(worker, Action.VIEW_FAMILY, family=family),
            policy.can(worker, Action.VIEW_FAMILY, family=other),
            policy.can(colleague, Action.VIEW_FAMILY, family=family),
        ]

    assert _inside("GET", ask) == [True, False, False]


def test_a_new_emergency_grant_counts_within_the_same_request() -> None:
    from tests.factories import BreakGlassGrantFactory

    manager: Any = UserFactory(role=Role.TEAM_MANAGER)
    family: Any = FamilyFactory(lead_organisation=manager.organisation)

    def ask() -> tuple[bool, bool]:
        before = policy.holds_break_glass(manager)
        BreakGlassGrantFactory(user=manager, family=family)
        return before, policy.holds_break_glass(manager)

    assert _inside("GET", ask) == (False, True)
