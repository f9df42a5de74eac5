"""The 72-hour return home interview clock, with the clock moved by time-machine."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from relsafe.records.models import MissingEpisode
from relsafe.records.selectors import (
    families_with_overdue_interviews,
    interview_clock,
    overdue_return_interviews,
    upcoming_deadlines,
)
from tests.factories import MissingEpisodeFactory, ReturnHomeInterviewFactory
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db

RETURNED = dt.datetime(2026, 3, 7, 3, 0, tzinfo=dt.UTC)


def _episode(world: RecordsWorld, **overrides: object) -> MissingEpisode:
    values: dict[str, object] = {
        "family": world.family,
        "young_person": world.young_person,
        "reported_missing_at": RETURNED - dt.timedelta(hours=4),
        "returned_at": RETURNED,
        "recorded_by": world.worker,
    }
    values.update(overrides)
    episode: MissingEpisode = MissingEpisodeFactory.create(**values)
    return episode


def test_due_for_72_hours_then_overdue(world: RecordsWorld) -> None:
    episode = _episode(world)
    with time_machine.travel(RETURNED + dt.timedelta(hours=71, minutes=59), tick=False):
        clock = interview_clock(episode)
        assert clock.status == "due"
        assert clock.due_at == RETURNED + dt.timedelta(hours=72)
        assert list(overdue_return_interviews(world.worker)) == []
        assert [d.clock.status for d in upcoming_deadlines(world.worker)] == ["due"]
    with time_machine.travel(RETURNED + dt.timedelta(hours=72, minutes=1), tick=False):
        assert interview_clock(episode).status == "overdue"
        assert list(overdue_return_interviews(world.worker)) == [episode]
        assert families_with_overdue_interviews(world.worker) == {world.family.pk}
        assert [d.clock.label for d in upcoming_deadlines(world.worker)] == ["Overdue"]


def test_done_within_72_hours_and_done_late(world: RecordsWorld) -> None:
    on_time = _episode(world)
    ReturnHomeInterviewFactory.create(
        episode=on_time, done_at=RETURNED + dt.timedelta(hours=70), recorded_by=world.worker
    )
    late = _episode(world)
    ReturnHomeInterviewFactory.create(
        episode=late, done_at=RETURNED + dt.timedelta(hours=80), recorded_by=world.worker
    )
    with time_machine.travel(RETURNED + dt.timedelta(days=10), tick=False):
        assert interview_clock(on_time).status == "done_on_time"
        assert interview_clock(late).status == "done_late"
        assert list(overdue_return_interviews(world.worker)) == []
        assert upcoming_deadlines(world.worker) == []


def test_offered_but_not_done_still_counts_down(world: RecordsWorld) -> None:
    episode = _episode(world)
    ReturnHomeInterviewFactory.create(episode=episode, recorded_by=world.worker)
    with time_machine.travel(RETURNED + dt.timedelta(hours=90), tick=False):
        assert list(overdue_return_interviews(world.worker)) == [episode]


def test_declined_is_not_overdue(world: RecordsWorld) -> None:
    episode = _episode(world)
    ReturnHomeInterviewFactory.create(episode=episode, declined=True, recorded_by=world.worker)
    with time_machine.travel(RETURNED + dt.timedelta(hours=90), tick=False):
        assert interview_clock(episode).status == "declined"
        assert list(overdue_return_interviews(world.worker)) == []


def test_no_clock_while_still_missing(world: RecordsWorld) -> None:
    episode = _episode(world, returned_at=None)
    clock = interview_clock(episode)
    assert clock.status == "still_missing"
    assert clock.due_at is None
    assert upcoming_deadlines(world.worker) == []


def test_deadlines_are_only_for_families_the_person_sees(world: RecordsWorld) -> None:
    _episode(world)
    with time_machine.travel(RETURNED + dt.timedelta(hours=80), tick=False):
        assert len(overdue_return_interviews(world.manager)) == 1
        assert list(overdue_return_interviews(world.other_worker)) == []
        assert list(overdue_return_interviews(world.other_manager)) == []
        assert upcoming_deadlines(world.parent) == []


def test_overdue_first_in_deadlines(world: RecordsWorld) -> None:
    older = _episode(world)
    newer = MissingEpisodeFactory.create(
        family=world.family,
        young_person=world.sibling,
        reported_missing_at=RETURNED + dt.timedelta(hours=40),
        returned_at=RETURNED + dt.timedelta(hours=50),
        recorded_by=world.worker,
    )
    with time_machine.travel(RETURNED + dt.timedelta(hours=80), tick=False):
        deadlines = upcoming_deadlines(world.worker)
        assert [d.episode for d in deadlines] == [older, newer]
        assert [d.clock.status for d in deadlines] == ["overdue", "due"]
