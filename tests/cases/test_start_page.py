"""The worker's and manager's start pages lead with what is due soonest among open families."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.cases import selectors
from relsafe.cases.models import Family
from tests.factories import TeamFactory, UserFactory, allocated_family

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_start_page_lists_open_families_soonest_due_first_and_counts_the_rest() -> None:
    team = TeamFactory()
    worker: Any = UserFactory(team=team)
    later = allocated_family(worker, name="Later", review_due=_days(20))
    overdue = allocated_family(worker, name="Overdue", review_due=_days(-3))
    soon = allocated_family(worker, name="Soon", review_due=_days(2))
    allocated_family(worker, name="Closed", review_due=_days(-30), status=Family.Status.CLOSED)
    for i in range(selectors.START_PAGE_ROWS):
        allocated_family(worker, name=f"Quiet {i}", review_due=_days(60 + i))
    page = selectors.due_soonest(user=worker)
    shown = list(page["caseload"])
    assert shown[:3] == [overdue, soon, later]
    assert len(shown) == selectors.START_PAGE_ROWS
    assert page["open_count"] == 3 + selectors.START_PAGE_ROWS  # the closed family is not counted
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team_page = selectors.due_soonest(user=manager)
    assert list(team_page["caseload"])[:3] == [overdue, soon, later]


def test_the_start_page_says_how_many_more_there_are(signed_in: Any, demo_world: Any) -> None:
    html = signed_in(demo_world.people["dana"]).get(reverse("core:start")).content.decode()
    assert "Your team's families, soonest due first" in html
    assert "Showing the 10 due soonest of your team" in html
    assert 'aria-sort="ascending">Next due' in html
