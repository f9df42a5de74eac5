"""Issue 14 (REST API): Sam makes a personal access token (after confirming who she is), sees it
once, fetches Jayden's family's chronology with it, reads the API's docs page, and revokes it; the
token then stops working. Every page passes axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_break_glass import next_step_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"


def test_sam_makes_a_token_uses_it_and_revokes_it(page: Any, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto("/api/tokens/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Make a token").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(next_step_code(SAM))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Make an API token")).to_be_visible()
    assert_accessible(page)

    # A mistake keeps what was typed and says what to fix.
    page.get_by_label("What is this token for?").fill("MASH sync")
    page.get_by_label("For how many days?").fill("9999")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("What is this token for?").input_value() == "MASH sync"
    assert_accessible(page)

    page.get_by_label("For how many days?").fill("30")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", name="Token made")).to_be_visible()
    assert_accessible(page)
    token = page.locator("#new-token").input_value()
    assert re.fullmatch(r"rs_[0-9a-f]{8}_[A-Za-z0-9_-]+", token)

    # The token fetches the family's chronology (the README's example).
    auth = {"Authorization": f"Bearer {token}"}
    chronology = page.request.get(f"/api/v1/families/{family.pk}/chronology/", headers=auth)
    assert chronology.status == 200
    assert chronology.json()["family"] == family.pk
    assert chronology.json()["items"]

    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("relsafe API"))).to_be_visible()
    assert_accessible(page)

    # Listed by its prefix only; revoking it stops it at once.
    page.goto("/api/tokens/")
    assert token not in page.content()
    page.get_by_role("button", name="Revoke MASH sync").click()
    expect(page.get_by_text("Token 'MASH sync' no longer works.")).to_be_visible()
    assert_accessible(page)
    refused = page.request.get(f"/api/v1/families/{family.pk}/chronology/", headers=auth)
    assert refused.status == 401
    assert refused.json()["error"]["code"] == "token_revoked"
