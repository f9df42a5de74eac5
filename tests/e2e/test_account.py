"""The account page by browser: where you are signed in, ending another session, and the
authenticator set-up offered to a parent; all accessible."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.accounts.models import UserSession
from tests.accounts.conftest import a_parent
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_parent_sees_their_sessions_and_signs_another_one_out(
    page: Any, browser: Any, live_server: Any
) -> None:
    parent = a_parent(email="pat.parent@family.example")
    other = browser.new_context(base_url=live_server.url)
    sign_in(other.new_page(), parent.email, TEST_PASSWORD)
    sign_in(page, parent.email, TEST_PASSWORD)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    expect(page.locator("main")).to_contain_text("It is optional")
    assert_accessible(page)
    assert UserSession.objects.filter(user=parent).count() == 2
    page.get_by_role("button", name="Sign out the session from").click()
    expect(page.get_by_text("That session has been signed out.")).to_be_visible()
    assert UserSession.objects.filter(user=parent).count() == 1
    other.close()


def test_a_parent_is_asked_to_confirm_before_adding_an_authenticator(page: Any) -> None:
    parent = a_parent(email="pia.parent@family.example")
    sign_in(page, parent.email, TEST_PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
