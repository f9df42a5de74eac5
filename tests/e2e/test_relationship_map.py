"""PRODUCT.md §9 journey 1, the map: Sam opens Jayden's relationship map, sees it drawn and in the
table with his uncle as trusted adult, and adds a new trusted adult through the form."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
# Set RELSAFE_SCREENSHOTS=1 to refresh the README's picture; otherwise it goes to a temporary folder.
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def _map_url(world: Any) -> str:
    jayden = world.young_people["jayden"]
    return f"/families/{jayden.family_id}/young-people/{jayden.pk}/map/"


def _drawn_nodes(page: Any) -> int:
    page.wait_for_function(
        "() => Number(document.getElementById('ecomap').dataset.renderedNodes) > 0"
    )
    return int(page.get_attribute("#ecomap", "data-rendered-nodes"))


def test_sam_sees_jaydens_map_and_adds_a_trusted_adult(
    page: Any, demo_world: Any, tmp_path: Path
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(_map_url(demo_world))
    expect(page.get_by_role("heading", name="Relationship map", level=1)).to_be_visible()

    # Drawn: the young person plus each of his 14 live ties.
    assert _drawn_nodes(page) == 15
    canvas = page.get_by_role("img", name="Relationship map for Jayden Mensah")
    assert "Trusted adult: Kwame Mensah." in canvas.get_attribute("aria-label")
    assert "tables below" in canvas.get_attribute("aria-label")
    assert page.get_attribute("#ecomap", "data-rendered-trusted") == "Uncle Kwame"

    # Tabulated: the uncle is the trusted adult; Ghost and the grey car are of concern.
    people = page.get_by_role("table", name="People, groups and vehicles around Jayden Mensah")
    uncle = people.get_by_role("row", name="Kwame Mensah")
    assert "Trusted adult" in uncle.inner_text()
    assert "Person of concern" in people.get_by_role("row", name="Ghost").inner_text()
    places = page.get_by_role("table", name="Places in Jayden Mensah")
    assert "Feels safe" in places.get_by_role("row", name="Eastside Boxing Club").inner_text()
    assert "Feels unsafe" in places.get_by_role("row", name="shopping centre").inner_text()
    assert_accessible(page)
    shots = DOCS_IMG if os.environ.get("RELSAFE_SCREENSHOTS") else tmp_path
    page.locator("#map-section").screenshot(path=str(shots / "ecomap.png"))

    # Add a new trusted adult with the GOV.UK form.
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("radio", name="Trusted adult (not family or a professional)").check()
    page.get_by_label("Name or description").fill("Joy Osei")
    page.get_by_label("Who they are to the young person (optional)").fill("neighbour")
    page.get_by_role("group", name="How is the tie?").get_by_label("Strong and supportive").check()
    page.get_by_role("group", name="Who said so?").get_by_label("The young person").check()
    assert_accessible(page)
    page.get_by_role("button", name="Add person").click()

    expect(page.get_by_text("Joy Osei was added to the map.")).to_be_visible()
    expect(page.get_by_role("row", name="Joy Osei")).to_contain_text("Trusted adult")
    assert _drawn_nodes(page) == 16
    assert page.get_attribute("#ecomap", "data-rendered-trusted") == "Joy Osei; Uncle Kwame"
    assert_accessible(page)


def test_a_mistake_in_the_form_is_explained_and_nothing_typed_is_lost(
    page: Any, demo_world: Any
) -> None:
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(_map_url(demo_world) + "people/add/")
    page.get_by_role("radio", name="Person of concern").check()
    page.get_by_label("Name or description").fill("Unknown older man")
    page.get_by_role("checkbox", name="Trusted adult").check()
    page.get_by_role("button", name="Add person").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("A person of concern cannot be the trusted adult")
    expect(summary).to_contain_text("Select how the tie is")
    assert page.get_by_label("Name or description").input_value() == "Unknown older man"
    assert_accessible(page)


def test_map_works_at_320px_and_compares_with_an_earlier_date(page: Any, demo_world: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(_map_url(demo_world))
    assert _drawn_nodes(page) == 15
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    # Six months ago Ghost was not yet known and the uncle was not yet marked as trusted.
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill(str(_months_ago(6).month))
    page.get_by_label("Year").fill(str(_months_ago(6).year))
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The map as it was on")
    changes = page.locator(".rs-map-changes")
    expect(changes).to_contain_text("Added: Unknown adult man (known as “Ghost”)")
    expect(changes).to_contain_text("Trusted adult: No → Yes")
    page.wait_for_load_state()
    assert_accessible(page)


def _months_ago(months: int) -> Any:
    import datetime as dt

    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=30 * months)


def test_a_change_made_meanwhile_gives_a_conflict_page_with_both_versions(
    page: Any, demo_world: Any
) -> None:
    from relsafe.relationships import services
    from relsafe.relationships.models import Connection

    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(_map_url(demo_world))
    page.get_by_role("link", name="Change the tie with Leah Patel").click()
    page.get_by_role("group", name="How is the tie?").get_by_label("Strong and supportive").check()

    # Meanwhile Leah changes the same tie herself.
    tie = Connection.objects.get(name="Leah Patel")
    services.update_connection(
        actor=demo_world.people["leah"],
        connection=tie,
        expected_version=tie.version,
        details=services.ConnectionDetails(
            kind=tie.kind,
            name=tie.name,
            relationship="social worker; meets him fortnightly",
            quality="weak",
            said_by="worker",
        ),
    )
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_role("heading", name="Someone else changed the tie with Leah Patel")
    ).to_be_visible()
    versions = page.get_by_role("table", name="The two versions")
    expect(versions).to_contain_text("social worker; meets him fortnightly")
    expect(versions).to_contain_text("Strong and supportive")
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Save your version instead").click()
    expect(page.get_by_text("The tie with Leah Patel was changed.")).to_be_visible()
    tie.refresh_from_db()
    assert tie.quality == "strong"
    assert tie.relationship == "social worker"
