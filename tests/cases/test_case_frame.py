"""The frame every family page hangs in (issue 16): the case header, the tabs apps register, the
flags they provide and the primary action, with a fixed number of queries whatever the family's
size, on every app's family pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.cases.family_page import (
    CaseFlag,
    FamilyPage,
    family_tabs,
    register_case_flag,
    register_family_tab,
    unregister_case_flag,
    unregister_family_tab,
)
from tests import factories
from tests.cases.factories import HouseholdAddressFactory, SafeContactDecisionFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]
F: Any = factories


def _grow(family: Any, *, children: int) -> None:
    """Children with screenings and missing episodes, carers with safe contacts and addresses."""
    for _ in range(children):
        child = F.YoungPersonFactory(family=family, legal_status="child_in_need")
        F.ScreeningFactory(young_person=child)
        F.MissingEpisodeFactory(family=family, young_person=child)
        carer = F.CarerFactory(family=family, interpreter_needed=True)
        SafeContactDecisionFactory(carer=carer)
        HouseholdAddressFactory(carer=carer)
        F.AllocationFactory(family=family, worker=F.UserFactory())


@pytest.mark.parametrize(
    "page", ["cases:household", "cases:referrals", "plans:plan", "records:contacts"]
)
def test_a_family_page_in_the_frame_costs_the_same_queries_for_1_child_as_for_5(
    signed_in: SignedIn, django_assert_max_num_queries: Any, page: str
) -> None:
    worker = F.UserFactory()
    small, large = F.FamilyFactory(), F.FamilyFactory()
    for family, size in ((small, 1), (large, 5)):
        F.AllocationFactory(family=family, worker=worker, is_lead=True)
        _grow(family, children=size)
    client = signed_in(worker)
    for family in (small, large):
        client.get(reverse(page, args=[family.pk]))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse(page, args=[small.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(page, args=[large.pk]))
    html = response.content.decode()
    assert html.count('aria-current="page"') >= 1
    assert "Interpreter needed" in html
    assert "How to reach the family safely" in html


def test_the_header_names_children_with_ages_the_lead_and_the_flags(
    signed_in: SignedIn, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    html = signed_in(demo_world.people["sam"]).get(f"/families/{family.pk}/").content.decode()
    header = html.split('class="rs-case-header"', 1)[1].split("</section>", 1)[0]
    assert ">Jayden</a> (14)" in header
    assert ">Amara</a> (7)" in header
    assert "Lead worker: Sam Okoro" in header
    assert "Child in need (section 17)" in header
    assert "Record a contact" in header
    assert "ring 07700 900982" in header


def test_police_see_only_the_tabs_their_work_allows_and_no_record_button(
    signed_in: SignedIn,
) -> None:
    scene = F.case_scene()
    html = signed_in(scene.police).get(f"/families/{scene.family.pk}/").content.decode()
    tabs = html.split("Sections of this family", 1)[1].split("</nav>", 1)[0]
    assert ">Contacts<" in tabs
    assert ">Chronology<" in tabs
    assert ">Assessments<" not in tabs
    assert ">Plan<" not in tabs
    assert ">Referrals<" not in tabs
    assert "Record a contact" not in html


@pytest.fixture
def evidence_tab() -> Iterator[None]:
    """A later area adds its tab and a flag by registering, from its AppConfig.ready."""

    def flag(page: FamilyPage) -> list[CaseFlag]:
        return [CaseFlag("Court date", "Trial on 3 March", "purple")]

    register_family_tab(
        key="example_area",
        title="Example area",
        order=900,
        url_name="cases:referrals",  # any page taking the family's pk will do for the test
        match=("cases:referral-",),
    )
    register_case_flag(key="court", order=90, data=flag)
    yield
    unregister_family_tab("example_area")
    unregister_case_flag("court")


def test_a_later_area_adds_a_tab_and_a_flag_by_registering(
    signed_in: SignedIn, evidence_tab: None
) -> None:
    scene = F.case_scene()
    assert [t.key for t in family_tabs()][-1] == "example_area"
    html = signed_in(scene.worker).get(f"/families/{scene.family.pk}/").content.decode()
    assert ">Example area<" in html
    assert "Trial on 3 March" in html


def test_breadcrumbs_lead_back_through_the_family_and_its_tab(signed_in: SignedIn) -> None:
    scene = F.case_scene()
    html = (
        signed_in(scene.worker)
        .get(reverse("cases:referral-add", args=[scene.family.pk]))
        .content.decode()
    )
    crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert [
        piece.split(">", 1)[1].split("<", 1)[0]
        for piece in crumbs.split("govuk-breadcrumbs__link")[1:]
    ] == ["Families", scene.family.name, "Referrals"]
