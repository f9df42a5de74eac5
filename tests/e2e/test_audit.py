"""Audit review in a real browser: the administrator filters and downloads the trail, a team
manager sees who has opened a family's record. Accessible, keyboard-usable, works at 320px."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.accounts.models import User
from relsafe.accounts.services import issue_recovery_codes
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROBIN = "robin@parents-together.example"
DANA = "dana@parents-together.example"


def test_administrator_filters_the_trail_and_downloads_it(
    page: Any, demo_world: Any, tmp_path: Path
) -> None:
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    page.goto(f"/families/{demo_world.families['jayden'].pk}/")
    page.context.clear_cookies()

    sign_in(page, ROBIN, DEMO_PASSWORD)
    page.get_by_role("link", name="Audit trail", exact=True).click()
    expect(page.get_by_role("heading", name="Audit trail", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Action").select_option(label="Viewed")
    page.get_by_label("Email address of the person").fill("sam@")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="Selected filters")).to_be_visible()
    expect(page.locator("main")).to_contain_text("allocated to the case")
    page.wait_for_load_state()
    assert "Jayden" not in page.content()  # the trail names records by id, not by family name
    assert_accessible(page)

    page.get_by_role("link", name="Download these entries (CSV)").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    # The sign-in just used this 30-second code and a code works once, so use a recovery code.
    robin = User.objects.get(email=ROBIN)
    page.get_by_label("Code from your authenticator app").fill(issue_recovery_codes(user=robin)[0])
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Continue").click()
    target = tmp_path / "trail.csv"
    download_info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows
    assert {r["actor_email"] for r in rows} == {"sam@parents-together.example"}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor_email=ROBIN).count() == 1


def test_team_manager_sees_who_opened_a_family(page: Any, demo_world: Any) -> None:
    sign_in(page, "sam@parents-together.example", DEMO_PASSWORD)
    page.goto(f"/families/{demo_world.families['jayden'].pk}/")
    page.context.clear_cookies()

    sign_in(page, DANA, DEMO_PASSWORD)
    page.goto(f"/families/{demo_world.families['jayden'].pk}/")
    page.get_by_role("link", name="Who has viewed or changed this record").click()
    heading = page.get_by_role("heading", name="Who has viewed or changed this record")
    expect(heading).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Sam Okoro")
    expect(table).to_contain_text("allocated to the case")
    expect(table).to_contain_text("Dana Whitfield")  # her own visit is recorded too
    expect(table).to_contain_text(" UTC")
    page.wait_for_load_state()
    assert_accessible(page)


def test_audit_pages_work_at_320px(page: Any, demo_world: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, ROBIN, DEMO_PASSWORD)
    for url in ("/audit/", f"/audit/families/{demo_world.families['jayden'].pk}/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width}px wide at a 320px viewport"
        assert_accessible(page)
