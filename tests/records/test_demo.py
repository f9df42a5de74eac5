"""The demo tells journey 2 (a night missing) and is safe to load twice."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.core.demo import seed_all
from relsafe.records import selectors
from relsafe.records.models import ChronologyEntry, Contact, MissingEpisode

pytestmark = pytest.mark.django_db

BLAMING = ("absconded", "putting himself at risk", "lifestyle choice", "boyfriend", "runner")


def test_jaydens_night_missing(demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    episode = MissingEpisode.objects.get(family=family, where_found__icontains="station")
    assert episode.found_by == MissingEpisode.FoundBy.PARENT_OR_CARER
    assert "station" in episode.where_found.lower()
    assert selectors.interview_clock(episode).status == "done_on_time"
    assert "owed" in episode.return_interview.pull_factors
    assert episode.return_interview.what_would_help
    sam = demo_world.people["sam"]
    _, items = selectors.family_chronology(user=sam, pk=family.pk)
    tags = {i.tag for i in items}
    assert {"strength", "concern"} <= tags
    titles = " ".join(i.title for i in items)
    assert "cup final" in titles
    assert "drawing" in titles
    assert "sister" in titles


def test_jaydens_family_has_a_live_clock_on_the_caseload(demo_world: Any) -> None:
    from relsafe.cases.selectors import caseload, next_due_for

    family = demo_world.families["jayden"]
    live = MissingEpisode.objects.get(family=family, return_interview__done_at__isnull=True)
    assert selectors.interview_clock(live).status == "due"
    row = caseload(user=demo_world.people["sam"]).get(pk=family.pk)
    due = next_due_for(row)
    assert due is not None
    assert due.label == "Return home interview due"
    assert not due.overdue
    assert due.at == live.interview_due_at


def test_another_family_has_an_overdue_interview(demo_world: Any) -> None:
    alex = demo_world.people["alex"]
    overdue = list(selectors.overdue_return_interviews(alex))
    assert [e.family for e in overdue] == [demo_world.families["ruby"]]
    assert list(selectors.overdue_return_interviews(demo_world.people["sam"])) == []


def test_demo_language_is_careful_and_loading_twice_changes_nothing(demo_world: Any) -> None:
    counts = (
        Contact.objects.count(),
        MissingEpisode.objects.count(),
        ChronologyEntry.objects.count(),
    )
    seed_all()
    assert (
        Contact.objects.count(),
        MissingEpisode.objects.count(),
        ChronologyEntry.objects.count(),
    ) == counts
    text = " ".join(Contact.objects.values_list("search_text", flat=True)).lower()
    text += " ".join(ChronologyEntry.objects.values_list("search_text", flat=True)).lower()
    assert not [w for w in BLAMING if w in text]
