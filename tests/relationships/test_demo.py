"""The demo maps: Jayden's is PRODUCT.md §9 journey 1; everyone else gets a plausible, repeatable map."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relsafe.core.demo import DemoWorld, seed_all
from relsafe.relationships import demo
from relsafe.relationships.models import Connection, ConnectionHistory
from tests.factories import CarerFactory, FamilyFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

# PRODUCT.md §6: words that blame a child or soften an adult's abuse.
UNCAREFUL = [
    "involved in",
    "putting himself at risk",
    "putting herself at risk",
    "putting themselves at risk",
    "lifestyle",
    "boyfriend",
    "girlfriend",
    "recruited",
    "runner",
    "absconded",
    "disengaged",
    "hard to reach",
    "sexually active",
    "prostitut",
    "working for",
    "dealing for",
    "money mule",
    "risky",
]


def test_jaydens_map_is_journey_one(demo_world: Any) -> None:
    jayden = demo_world.young_people["jayden"]
    live = {
        c.known_as or c.name: c
        for c in Connection.objects.filter(young_person=jayden, ended_at=None)
    }
    assert 6 <= len(live) <= 15
    assert [c.known_as for c in live.values() if c.is_trusted_adult] == ["Uncle Kwame"]
    assert "coaches his football team" in live["Uncle Kwame"].relationship
    assert live["Mr Bello"].relationship == "school mentor"
    assert live["Coach Dee"].kind == "professional"
    assert live["Ghost"].kind == "person_of_concern"
    assert live["Ghost"].quality == "harmful"
    assert live["grey Audi"].kind == "vehicle"
    assert live["grey Audi"].name == "A grey car"
    assert live["Eastside Boxing Club"].feeling == "safe"
    assert live["Northbridge shopping centre"].feeling == "unsafe"
    assert {"Precious Mensah", "Amara Mensah"} <= set(live)
    # Its history lets the map be compared with earlier dates.
    assert ConnectionHistory.objects.filter(young_person=jayden, change="changed").count() >= 3
    assert Connection.objects.filter(young_person=jayden, ended_at__isnull=False).count() == 1


def test_seeding_again_changes_nothing(demo_world: Any) -> None:
    before = (Connection.objects.count(), ConnectionHistory.objects.count())
    seed_all()
    assert (Connection.objects.count(), ConnectionHistory.objects.count()) == before


def test_every_young_person_gets_a_map_most_with_a_trusted_adult(demo_world: Any) -> None:
    for i in range(20):
        family = FamilyFactory(reference=f"RS-T{i:03d}")
        CarerFactory(family=family, relationship="dad")
        YoungPersonFactory(
            family=family, date_of_birth=timezone.localdate() - dt.timedelta(days=365 * (9 + i % 8))
        )
    demo.seed(DemoWorld())
    jayden = demo_world.young_people["jayden"]
    counts: dict[int, int] = {}
    trusted = 0
    for tie in Connection.objects.exclude(young_person=jayden).select_related("young_person"):
        counts[tie.young_person_id] = counts.get(tie.young_person_id, 0) + 1
        trusted += tie.is_trusted_adult
        tie.clean()
        text = f"{tie.name} {tie.known_as} {tie.relationship} {tie.notes}".lower()
        assert not [w for w in UNCAREFUL if w in text], text
    assert len(counts) >= 22  # Ruby, Amara and the twenty families above
    assert all(6 <= n <= 10 for n in counts.values()), counts
    assert trusted >= 0.7 * len(counts)
    assert not Connection.objects.filter(created_at__gt=timezone.now()).exists()


def test_generated_maps_are_the_same_every_time(db: Any) -> None:
    family: Any = FamilyFactory(reference="RS-0099")
    CarerFactory(family=family, full_name="Grace Osei", relationship="mum")
    young_person: Any = YoungPersonFactory(family=family, first_name="Kofi", last_name="Osei")
    first = demo.generated_ties(young_person, family)
    assert first == demo.generated_ties(young_person, family)
    assert first[0]["name"] == "Grace Osei"
