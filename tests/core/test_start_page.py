"""The start page is a frame per role and the panels apps register for that role
(core/start_page.py): each panel's data is read in the view, not by a template tag, and the page
costs the same number of queries for a small and a large caseload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.core.start_page import StartPage, register_start_panel, start_panels
from tests import factories

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]
F: Any = factories


@pytest.mark.parametrize(
    ("person", "panels"),
    [
        (
            "sam",
            [
                "messages",
                "portal_worker_appointments",
                "return_interviews",
                "evidence_to_review",
                "caseload",
                "changes",
                "justice_long_waits",
                "my_actions",
                "overdue_screening_reviews",
            ],
        ),
        (
            "dana",
            [
                "messages",
                "team_workload",
                "team_caseload",
                "changes",
                "justice_long_waits",
                "outcome_figures",
                "justice_figures",
            ],
        ),
        (
            "precious",
            [
                "family_support",
                "court_journey",
                "portal_messages",
                "portal_appointments",
                "evidence_parent_log",
                "family_plan",
                "portal_check_in",
                "reading_for_you",
                "portal_keep_safe",
            ],
        ),
    ],
)
def test_each_role_gets_its_panels_in_order(
    signed_in: SignedIn, demo_world: Any, person: str, panels: list[str]
) -> None:
    response = signed_in(demo_world.people[person]).get(reverse("core:start"))
    assert [p.key for p in response.context["panels"]] == panels


@pytest.mark.parametrize(
    ("role", "template", "panels"),
    [
        (Role.POLICE_ANALYST, "core/start_police.html", ["intelligence", "shared_families"]),
        (
            Role.COMMISSIONER,
            "core/start_commissioner.html",
            ["service_figures", "outcome_figures", "justice_figures"],
        ),
        (Role.ADMINISTRATOR, "core/start_administrator.html", ["administration", "cost_tables"]),
        (Role.YOUNG_PERSON, "core/start_young_person.html", []),
    ],
)
def test_the_other_roles_frames_and_panels(
    signed_in: SignedIn, role: str, template: str, panels: list[str]
) -> None:
    response = signed_in(F.UserFactory(role=role)).get(reverse("core:start"))
    assert template in [t.name for t in response.templates]
    assert [p.key for p in response.context["panels"]] == panels


def test_a_parent_not_yet_on_a_family_page_is_told_so_and_shown_no_plan(
    signed_in: SignedIn,
) -> None:
    parent = F.FamilyMemberFactory(role=Role.PARENT)
    response = signed_in(parent).get(reverse("core:start"))
    assert [p.key for p in response.context["panels"]] == ["family_support"]
    assert "Your worker will add you to your family" in response.content.decode()


def _caseload(worker: Any, families: int) -> None:
    """Families with a child each, a plan action the worker owns, a referral awaiting a decision,
    a return home interview to do and a screening review overdue."""
    today = timezone.localdate()
    for _ in range(families):
        family = F.allocated_family(worker)
        child = family.young_people.get()
        plan = F.PlanFactory(family=family)
        F.PlanActionFactory(plan=plan, owner_type="worker", owner_user=worker, due_on=today)
        F.ReferralFactory(young_person=child)
        F.MissingEpisodeFactory(family=family, young_person=child)
        F.ScreeningFactory(
            young_person=child,
            screened_on=today - dt.timedelta(days=100),
            review_on=today - dt.timedelta(days=1),
        )
        F.NotificationFactory(recipient=worker)


def test_worker_start_page_costs_the_same_for_2_families_as_for_12(
    signed_in: SignedIn, django_assert_max_num_queries: Any
) -> None:
    worker = F.UserFactory(role=Role.SOCIAL_WORKER)
    client = signed_in(worker)
    _caseload(worker, 2)
    client.get(reverse("core:start"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:start"))
    _caseload(worker, 10)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("core:start"))
    html = response.content.decode()
    assert html.count("Review overdue</strong>") == 12
    assert "Showing the 10 due soonest of your 12 open families" in html


@pytest.fixture
def court_dates() -> Iterator[list[StartPage]]:
    """A panel a later app would register."""
    asked: list[StartPage] = []

    def data(page: StartPage) -> Mapping[str, Any] | None:
        asked.append(page)
        return {"deadlines": []}

    register_start_panel(
        key="court_dates",
        roles={Role.SOCIAL_WORKER},
        order=35,
        template="records/_deadlines.html",
        data=data,
    )
    yield asked
    start_panels.unregister("court_dates")


def test_a_new_panel_is_one_registration(signed_in: SignedIn, court_dates: list[StartPage]) -> None:
    social_worker = F.UserFactory(role=Role.SOCIAL_WORKER)
    keys = [p.key for p in signed_in(social_worker).get(reverse("core:start")).context["panels"]]
    assert keys.index("caseload") < keys.index("court_dates") < keys.index("my_actions")
    assert [page.user for page in court_dates] == [social_worker]
    manager = F.UserFactory(role=Role.TEAM_MANAGER)
    signed_in(manager).get(reverse("core:start"))
    assert len(court_dates) == 1  # not computed for a role that does not see it
