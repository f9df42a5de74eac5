"""Every evidence service refuses a forbidden actor by itself: ``NotAllowed``, one
``access_denied`` entry, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from relsafe.cases.models import Carer
from relsafe.evidence import services
from relsafe.evidence.models import EntryHandling, EvidenceEntry
from tests.evidence.factories import make_entry
from tests.factories import CaseScene
from tests.refusals import refused

pytestmark = pytest.mark.django_db

# The family's log is written by its own parent and the workers with a route to the family.
NOT_WRITERS = ("police", "other_team_worker", "other_team_manager", "commissioner", "administrator")


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_only_the_family_and_its_workers_add_entries(scene: CaseScene, who: str) -> None:
    person = scene.person(who)
    with refused(person, "record_evidence", family=scene.family):
        services.submit_entry(
            actor=person,
            family=scene.family,
            occurred_on=timezone.localdate(),
            what_happened="x",
        )
    assert not EvidenceEntry.objects.exists()


def test_a_parent_of_another_family_cannot_add_to_this_log(
    scene: CaseScene, other_parent: Any
) -> None:
    with refused(other_parent, "record_evidence", family=scene.family):
        make_entry(actor=other_parent, family=scene.family)
    own = Carer.objects.get(portal_user=other_parent).family
    assert make_entry(actor=other_parent, family=own).family == own


@pytest.mark.parametrize("who", ["parent", "police", "other_team_worker", "commissioner"])
def test_only_workers_with_the_family_review(scene: CaseScene, who: str) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    person = scene.person(who)
    with refused(person, "review_evidence", family=scene.family):
        services.review_entry(
            actor=person,
            entry=entry,
            expected_version=1,
            notes="",
            significant=True,
            withheld_from_agencies=False,
        )
    assert EntryHandling.objects.get(entry=entry).reviewed_at is None


@pytest.mark.parametrize("who", ["parent", "police", "other_team_worker"])
def test_only_workers_with_the_family_pass_entries_to_police(scene: CaseScene, who: str) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    person = scene.person(who)
    with refused(person, "share_evidence_with_police", family=scene.family):
        services.mark_passed_to_police(actor=person, entries=[entry], submission_reference="PI")
    assert EntryHandling.objects.get(entry=entry).passed_to_police_at is None


@pytest.mark.parametrize("who", ["parent", "worker", "commissioner"])
def test_only_police_acknowledge(scene: CaseScene, who: str) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    person = scene.person(who)
    with refused(person, "acknowledge_evidence"):
        services.mark_police_acknowledged(actor=person, entries=[entry], submission_reference="PI")


@pytest.mark.parametrize("who", ["police", "other_team_worker", "commissioner"])
def test_only_the_family_and_its_workers_export(scene: CaseScene, who: str) -> None:
    person = scene.person(who)
    with refused(person, "export_evidence", family=scene.family):
        services.record_export(
            actor=person,
            family=scene.family,
            export_format="pdf",
            date_from=None,
            date_to=None,
            entries=0,
            chain_head="0" * 64,
            statement_confirmed=True,
        )
