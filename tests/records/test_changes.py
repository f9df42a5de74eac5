"""Item 16.4: a record a colleague adds or changes shows on the caseload as "Changed since you
looked" and in the start page's feed, whatever app it comes from (``cases.changes`` over the
audit trail and ``audit.describe``'s kinds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.cases import changes, selectors
from relsafe.cases.services import mark_viewed
from relsafe.drafts import services as draft_services
from relsafe.records import services
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db


def _row(world: RecordsWorld, user: User) -> Any:
    return selectors.caseload(user=user).get(pk=world.family.pk)


def _contact(world: RecordsWorld, actor: User) -> None:
    services.record_contact(
        actor=actor,
        family=world.family,
        kind="home_visit",
        occurred_at=timezone.now(),
        discussed="<p>Talked about the weekend.</p>",
    )


def test_a_colleagues_contact_marks_the_family_changed_and_appears_in_the_feed(
    world: RecordsWorld,
) -> None:
    mark_viewed(user=world.worker, family=world.family)
    assert _row(world, world.worker).changed_by_others is False
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _contact(world, world.social_worker)
        assert _row(world, world.worker).changed_by_others is True
        feed = changes.recent_changes(user=world.worker)
    assert [c.sentence for c in feed] == [f"{world.social_worker.full_name} recorded a contact"]
    assert feed[0].family_id == world.family.pk
    assert feed[0].url == f"/families/{world.family.pk}/"


def test_opening_the_family_clears_it(world: RecordsWorld) -> None:
    mark_viewed(user=world.worker, family=world.family)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _contact(world, world.social_worker)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        mark_viewed(user=world.worker, family=world.family)
        assert _row(world, world.worker).changed_by_others is False
        assert changes.recent_changes(user=world.worker) == []


def test_own_changes_and_drafts_do_not_count(world: RecordsWorld) -> None:
    mark_viewed(user=world.worker, family=world.family)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _contact(world, world.worker)
        assert _row(world, world.worker).changed_by_others is False
        assert changes.recent_changes(user=world.worker) == []
    assert draft_services  # drafts register their kind as not a case record
    from relsafe.audit.describe import case_record_types

    assert "drafts.draft" not in case_record_types()
    assert "records.contact" in case_record_types()


@pytest.mark.parametrize(
    "who", ["other_worker", "police_analyst", "commissioner", "parent", "other_manager"]
)
def test_the_feed_shows_only_families_the_person_may_open(world: RecordsWorld, who: str) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _contact(world, world.social_worker)
        assert changes.recent_changes(user=world.person(who)) == []


def test_a_manager_sees_changes_on_the_teams_families(world: RecordsWorld) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        _contact(world, world.worker)
        feed = changes.recent_changes(user=world.manager)
    assert [c.sentence for c in feed] == ["Sam Worker recorded a contact"]
