"""The idle-timeout warning: two minutes before staff are signed out, a dialog offers to keep the
session; staying keeps everything typed on the page. Playwright's clock makes 13 minutes pass
at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from relsafe.accounts.models import UserSession
from tests.accounts.conftest import a_worker
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WARN_BEFORE_SECONDS = 120


@pytest.fixture
def worker(transactional_db: Any) -> Any:
    person = a_worker(email="tessa.timeout@example.org", full_name="Tessa Timeout")
    TOTPDeviceFactory(user=person)
    return person


def _until_warning() -> int:
    return (settings.STAFF_IDLE_TIMEOUT_SECONDS - WARN_BEFORE_SECONDS + 1) * 1000


def _open_page_with_typing(page: Any, worker: Any) -> Any:
    page.clock.install()
    sign_in(page, worker.email, TEST_PASSWORD)
    page.goto("/account/confirm/?next=/account/")
    field = page.get_by_label("Code from your authenticator app")
    field.fill("12 34")
    return field


def test_staying_signed_in_keeps_what_was_typed(page: Any, worker: Any) -> None:
    field = _open_page_with_typing(page, worker)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(_until_warning())
    dialog.wait_for(state="visible")
    assert "2 minutes" in dialog.inner_text() or "1 minute" in dialog.inner_text()
    stay = page.get_by_role("button", name="Stay signed in")
    assert stay.evaluate("element => element === document.activeElement")
    assert_accessible(page)
    with page.expect_response("**/account/keepalive/") as keepalive:
        stay.click()
    assert keepalive.value.status == 204
    dialog.wait_for(state="hidden")
    assert field.input_value() == "12 34"
    assert "/account/confirm/" in page.url
    # The server counted it: the session is still live and listed.
    assert UserSession.objects.filter(user=worker).exists()


def test_escape_also_means_stay_signed_in(page: Any, worker: Any) -> None:
    field = _open_page_with_typing(page, worker)
    page.clock.fast_forward(_until_warning())
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    dialog.wait_for(state="visible")
    with page.expect_response("**/account/keepalive/"):
        page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert field.input_value() == "12 34"


def test_without_an_answer_the_person_is_signed_out(page: Any, worker: Any) -> None:
    _open_page_with_typing(page, worker)
    page.clock.fast_forward(_until_warning())
    page.get_by_role("dialog", name="You will be signed out soon").wait_for(state="visible")
    with page.expect_navigation():
        page.clock.fast_forward(WARN_BEFORE_SECONDS * 1000)
    assert "/account/sign-in/?timeout=1" in page.url
    assert "You were signed out because you had not done anything for a while" in page.content()
    assert not UserSession.objects.filter(user=worker).exists()
    assert_accessible(page)
