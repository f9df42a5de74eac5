"""The demo's evidence logs: at least five families, some reviewed, Precious's with the grey
Audi, its plate, "Ghost" and a phone number; every chain verifies; seeding twice changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.evidence import chain
from relsafe.evidence.models import EntryHandling, EvidenceEntry

pytestmark = pytest.mark.django_db


def test_the_demo_logs(demo_world: Any) -> None:
    families = set(EvidenceEntry.objects.values_list("family__reference", flat=True))
    assert len(families) >= 5
    assert EntryHandling.objects.filter(reviewed_at__isnull=False).count() >= 3
    precious = EvidenceEntry.objects.filter(family__reference="RS-0001", by_worker=False)
    assert precious.filter(vehicles__colour="Grey", vehicles__make__startswith="Audi").exists()
    assert precious.filter(vehicles__plate="LM19XKD").exists()
    # Names are encrypted at rest, so they are compared in Python, not in the query.
    assert any(p.nickname == "Ghost" for e in precious for p in e.people.all())
    assert precious.filter(phones__number__startswith="+447700900").exists()
    assert chain.verify_all().ok


def test_seeding_again_changes_nothing(demo_world: Any) -> None:
    from relsafe.core.demo import seed_all

    before = list(EvidenceEntry.objects.values_list("entry_hash", flat=True))
    seed_all()
    assert list(EvidenceEntry.objects.values_list("entry_hash", flat=True)) == before
