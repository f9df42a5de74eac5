"""Issue 14: Marcus Reid, a friend on Jayden's relationships map, asks (through his mum) to be
erased while Jayden's case must be kept. Robin (administrator) logs the request and sees where
Marcus appears; he cannot decide it himself; Dana (a second person) erases, and the map shows
"Person removed at their request" while the case stays. Every page passes axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.audit.services import verify_chain
from relsafe.cases.models import Family
from relsafe.core.demo import DEMO_PASSWORD
from relsafe.governance.models import ErasureRequest
from relsafe.relationships.models import Connection
from tests.e2e.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROBIN = "robin@parents-together.example"
DANA = "dana@parents-together.example"


def test_erasure_of_a_third_party_inside_a_kept_case(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    tie = Connection.objects.get(young_person__family=family, name="Marcus Reid")

    sign_in(page, ROBIN, DEMO_PASSWORD)
    page.goto("/governance/")
    page.get_by_role("link", name="Log an erasure request").click()
    expect(page.get_by_role("heading", name="Log an erasure request")).to_be_visible()
    assert_accessible(page)
    # Missing answers are explained beside each field.
    page.get_by_role("button", name="Log request and find the records").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Family", exact=True).select_option(str(family.pk))
    page.get_by_label("The person's name").fill("Marcus Reid")
    page.get_by_label("Other names or nicknames (optional)").fill("Marcus")
    page.get_by_label("Who they are to the family (optional)").fill("Jayden's friend")
    fill_date(page, "Date received", timezone.localdate())
    page.get_by_role("button", name="Log request and find the records").click()
    expect(page.get_by_role("heading", name="Erasure request: Marcus Reid")).to_be_visible()
    expect(page.locator("#erasure-places")).to_contain_text("Relationships map of Jayden")
    # Robin logged it: a second person decides.
    expect(page.get_by_text("You logged this request")).to_be_visible()
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)
    assert_accessible(page)
    req = ErasureRequest.objects.get()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/account/sign-in/"))

    sign_in(page, DANA, DEMO_PASSWORD)
    page.goto(f"/governance/erasure/{req.pk}/")
    # Refusing without an exemption is explained, nothing changes.
    page.get_by_label("Refuse: an exemption applies").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Erase: remove the person from these records (the case stays)").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#erasure-status")).to_have_text("Erased")
    expect(page.get_by_role("heading", name="Erasure request: M. R.")).to_be_visible()
    assert_accessible(page)

    tie.refresh_from_db()
    assert tie.name.startswith("Person removed at their request, ")
    assert "Marcus" not in tie.ended_reason
    assert Family.objects.filter(pk=family.pk).exists()
    assert verify_chain().ok
