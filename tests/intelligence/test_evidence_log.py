"""A submission built from reviewed evidence-log entries: the entries are offered, pre-fill the
form, move to "passed to police" when it is sent and to "acknowledged" when the force
acknowledges it; the family's log hears the status only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.evidence import services as evidence_services
from relsafe.evidence.models import EntryHandling, EvidenceEntry
from relsafe.intelligence import services
from tests.intelligence.factories import Scene, details

pytestmark = pytest.mark.django_db


def _reviewed(world: Scene, index: int = 0, *, withheld: bool = False) -> EvidenceEntry:
    family, worker = world.families[index], world.workers[index]
    entry = evidence_services.submit_entry(
        actor=worker,
        family=family,
        occurred_on=timezone.localdate() - dt.timedelta(days=3),
        what_happened="A grey Audi waited outside; the driver is a man called Ghost.",
        place="Outside the house",
        postcode="NB1 4QT",
    )
    evidence_services.review_entry(
        actor=worker,
        entry=entry,
        expected_version=entry.handling.version,
        notes="To go to police.",
        significant=False,
        withheld_from_agencies=withheld,
        withheld_reason="Mum asked" if withheld else "",
    )
    entry.refresh_from_db()
    return entry


def test_sending_moves_the_entries_to_passed_and_acknowledging_to_acknowledged(
    world: Scene,
) -> None:
    entry = _reviewed(world)
    draft = services.create_submission(
        actor=world.workers[0],
        family=world.families[0],
        details=details(world.force, evidence_entry_ids=[entry.pk]),
    )
    assert EntryHandling.objects.get(entry=entry).passed_to_police_at is None
    sent = services.send_submission(actor=world.workers[0], submission=draft, expected_version=1)
    handling = EntryHandling.objects.get(entry=entry)
    assert handling.passed_to_police_at is not None
    assert handling.submission_reference == sent.reference
    services.acknowledge(actor=world.analyst, submission=sent)
    assert EntryHandling.objects.get(entry=entry).police_acknowledged_at is not None


def test_only_reviewed_entries_of_the_family_may_be_used(world: Scene) -> None:
    withheld = _reviewed(world, withheld=True)
    other_family = _reviewed(world, 1)
    for entry in (withheld, other_family):
        with pytest.raises(ValidationError) as error:
            services.create_submission(
                actor=world.workers[0],
                family=world.families[0],
                details=details(world.force, evidence_entry_ids=[entry.pk]),
            )
        assert "evidence_entries" in error.value.message_dict


def test_the_form_starts_from_the_chosen_entries(
    world: Scene, signed_in: Callable[[Any], Client]
) -> None:
    entry = _reviewed(world)
    url = reverse("intelligence:submission-create", args=[world.families[0].pk])
    page = signed_in(world.workers[0]).get(f"{url}?entries={entry.pk}").content.decode()
    assert "Evidence log entries it is built from" in page
    assert "the driver is a man called Ghost." in page
    assert 'value="NB1 4QT"' in page
