"""The family page is built in its view from the sections apps declare (cases/family_page.py):
every section's data is read before rendering, in the same number of queries whatever the size of
the family, and the page shows each app's part in its place."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.cases.family_page import FamilyPage, family_sections, register_family_section
from tests import factories

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]
F: Any = factories

# The whole request, session and sign-in checks included: what a page of any size may cost: 45,
# about eight for the case header and tabs of issue 16 (tests/cases/test_case_frame.py), and one
# query each for the criminal justice section, intelligence's "Information sent to the police" and
# the evidence log's section; the portal section's next appointment and the young people's own
# message threads, one each; on PostgreSQL the read's audit entry takes its advisory lock, one
# more. About 15 of the 61 are the policy's "SELECT 1 FROM cases_family" route checks, asked again
# by each section: the first place to look when this grows.
FAMILY_PAGE_QUERY_BUDGET = 61


def _grow(family: Any, *, children: int, contacts: int) -> None:
    """Children (each with a trusted adult and another tie, a safety mapping, a screening, a
    missing episode, a referral and a strength), carers, allocations, shares and contacts."""
    worker = F.UserFactory()
    for i in range(children):
        child = F.YoungPersonFactory(family=family)
        F.ConnectionFactory(young_person=child, is_trusted_adult=True, name=f"Adult {i}")
        F.ConnectionFactory(young_person=child)
        F.SafetyMappingFactory(young_person=child)
        F.ScreeningFactory(young_person=child)
        F.MissingEpisodeFactory(family=family, young_person=child)
        F.ReferralFactory(young_person=child)
        F.StrengthEntryFactory(young_person=child)
        F.CarerFactory(family=family)
        F.AllocationFactory(family=family, worker=F.UserFactory())
        F.OrganisationShareFactory(family=family)
    for _ in range(contacts):
        contact = F.ContactFactory(family=family, recorded_by=worker)
        contact.young_people.set(family.young_people.all())


def _family_seen_by(user: Any, *, children: int, contacts: int) -> Any:
    family = F.FamilyFactory()
    if user.role == Role.POLICE_ANALYST:
        F.OrganisationShareFactory(family=family, organisation=user.organisation)
        F.AllocationFactory(family=family, is_lead=True)
    elif user.role == Role.TEAM_MANAGER:
        F.AllocationFactory(family=family, worker=F.UserFactory(team=user.team), is_lead=True)
    else:
        F.AllocationFactory(family=family, worker=user, is_lead=True)
    _grow(family, children=children, contacts=contacts)
    return family


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.POLICE_ANALYST])
def test_family_page_runs_the_same_queries_for_1_child_and_3_contacts_as_for_4_and_40(
    signed_in: SignedIn, django_assert_max_num_queries: Any, role: str
) -> None:
    organisation = F.OrganisationFactory(kind="police") if role == Role.POLICE_ANALYST else None
    extra = {"organisation": organisation} if organisation else {}
    user = F.UserFactory(role=role, team=F.TeamFactory(), **extra)
    small = _family_seen_by(user, children=1, contacts=3)
    large = _family_seen_by(user, children=4, contacts=40)
    client = signed_in(user)
    for family in (small, large):  # first visits write the "last opened" rows
        client.get(reverse("cases:family", args=[family.pk]))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("cases:family", args=[small.pk]))
    assert response.status_code == 200
    assert len(few) <= FAMILY_PAGE_QUERY_BUDGET
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:family", args=[large.pk]))
    html = response.content.decode()
    casework = role != Role.POLICE_ANALYST
    # Trusted adults under each child are casework (need-to-know: not in a police share).
    assert html.count("Trusted adult: Adult") == (4 if casework else 0)
    # Police see the records their force may (none of these), and no assessments.
    assert ("See all 40 contacts" in html) is casework
    assert ("Assessments and plan" in html) is casework


def test_family_page_shows_the_sections_in_order_with_their_titles(
    signed_in: SignedIn, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    response = signed_in(demo_world.people["dana"]).get(reverse("cases:family", args=[family.pk]))
    sections = response.context["sections"]
    assert [s.key for s in sections] == [
        "referral",
        "children",
        "carers",
        "portal",
        "team",
        "missing_episodes",
        "contacts",
        "chronology",
        "justice",
        "evidence",
        "intelligence",
        "assessments",
        "outcomes",
        "shares",
        "status_history",
        "access_log",
    ]
    html = response.content.decode()
    html = html.split("Sections of this family", 1)[1].split("</nav>", 1)[1]  # after the tabs
    positions = [html.index(f">{s.title}<") for s in sections if s.key != "access_log"]
    assert positions == sorted(positions)
    contacts = next(s for s in sections if s.key == "contacts")
    assert contacts.url == reverse("records:contacts", args=[family.pk])


@pytest.fixture
def evidence_section() -> Iterator[list[FamilyPage]]:
    """A section a later app would declare, between the contacts and the chronology."""
    asked: list[FamilyPage] = []

    def data(page: FamilyPage) -> Mapping[str, Any] | None:
        asked.append(page)
        return {"evidence_count": 3}

    register_family_section(
        key="example_area",
        title="Example area",
        order=43,
        template="cases/_family_carers.html",
        data=data,
        roles={Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER},
    )
    yield asked
    family_sections.unregister("example_area")


def test_a_new_section_is_one_declaration(
    signed_in: SignedIn, demo_world: Any, evidence_section: list[FamilyPage]
) -> None:
    family = demo_world.families["jayden"]
    url = reverse("cases:family", args=[family.pk])
    manager = signed_in(demo_world.people["dana"]).get(url)
    assert "example_area" not in [s.key for s in manager.context["sections"]]
    assert evidence_section == []  # not computed for a role that does not see it
    keys = [s.key for s in signed_in(demo_world.people["sam"]).get(url).context["sections"]]
    assert keys.index("contacts") < keys.index("example_area") < keys.index("chronology")
    assert [page.family for page in evidence_section] == [family]
