"""Every outcomes service refuses a forbidden actor by itself: ``NotAllowed``, one
``access_denied`` entry, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relsafe.outcomes import services
from relsafe.outcomes.models import OutcomeEvent, OutcomeKind, PublishedReport, TableVersion
from relsafe.outcomes.selectors import Filters
from tests.factories import FORBIDDEN_WRITERS, CaseScene, case_scene
from tests.outcomes.factories import OutcomeEventFactory, seeded_tables
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    seeded_tables()
    s = case_scene()
    s.family.opened_at = timezone.now() - dt.timedelta(days=60)
    s.family.save()
    return s


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_an_outcome(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "record_outcome", family=scene.family):
        services.record_outcome(
            actor=actor,
            family=scene.family,
            kind=OutcomeKind.FAMILY_STAYED_TOGETHER,
            occurred_on=timezone.localdate(),
            rationale="They stayed together.",
        )
    assert not OutcomeEvent.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_an_outcome(scene: CaseScene, who: str) -> None:
    event: Any = OutcomeEventFactory(family=scene.family, recorded_by=scene.worker)
    actor = scene.person(who)
    with refused(actor, "change_outcome", family=scene.family):
        services.update_outcome(
            actor=actor,
            event=event,
            expected_version=1,
            kind=OutcomeKind.STEPPED_DOWN,
            occurred_on=event.occurred_on,
            rationale="Changed.",
        )
    event.refresh_from_db()
    assert event.version == 1


@pytest.mark.parametrize("who", ["worker", "manager", "commissioner", "police", "parent"])
def test_changing_the_cost_tables(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "edit_cost_tables"):
        services.change_unit_cost(
            actor=actor,
            key="crown_court_day",
            item="Crown Court sitting day",
            amount="1",
            unit="day",
            price_year=2022,
            source="x",
            source_url="",
            citation="x",
            cashable=False,
            reason="",
        )
    with refused(actor, "edit_cost_tables"):
        services.change_assumption(
            actor=actor,
            kind=OutcomeKind.STEPPED_DOWN,
            unit_cost_key="child_in_need",
            quantity="1",
            quantity_reason="x",
            low="0",
            central="0",
            high="0",
            source="local assumption",
        )
    with refused(actor, "edit_cost_tables"):
        services.change_index_year(actor=actor, year=2025, index="103", source="x")
    assert TableVersion.objects.count() == 1


@pytest.mark.parametrize("who", ["worker", "police", "parent", "administrator"])
def test_publishing_a_report(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    today = timezone.localdate()
    with refused(actor, "publish_report"):
        services.publish_report(
            actor=actor, title="Report", filters=Filters(start=today, end=today)
        )
    assert not PublishedReport.objects.exists()


def test_a_manager_cannot_publish_across_organisations(scene: CaseScene) -> None:
    today = timezone.localdate()
    actor: Any = scene.manager
    with refused(actor, "view_all_figures"):
        services.publish_report(
            actor=actor, title="Report", filters=Filters(start=today, end=today)
        )
