"""How fast the full-text search and the chronology answer as records grow. Prints numbers;
asserts nothing.

Adds N contacts (default 5,000), N/5 plan actions across plans, N/5 referrals and N/5
assessments (half strengths-and-worries mappings, half screenings) to the demo's first family,
then times searches a worker would type over every kind, and over one kind.

Run: .venv/bin/python -m bench.records_search [N]   (uses DATABASE_URL, default a throwaway
SQLite; point DATABASE_URL at an empty PostgreSQL database to measure that)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

from bench._setup import migrated_database


def _seed(n: int, world: Any) -> None:
    from django.utils import timezone

    from relsafe.assessments.models import SafetyMapping, Screening
    from relsafe.assessments.search import mapping_search_text, screening_search_text
    from relsafe.plans.models import Plan, PlanAction, Referral
    from relsafe.plans.search import action_search_text, referral_search_text
    from relsafe.records.models import Contact
    from relsafe.records.services import contact_search_text

    sam, family = world.people["sam"], world.families["jayden"]
    young_person = family.young_people.first()
    words = ["football", "school", "phone", "station", "uncle", "drawing", "car", "court"]
    today = timezone.localdate()

    def bulk(model: Any, objects: list[Any], build: Callable[[Any], str]) -> None:
        for obj in objects:
            obj.search_text = build(obj)
        model.objects.bulk_create(objects, batch_size=500)

    bulk(
        Contact,
        [
            Contact(
                family=family,
                kind="phone_call",
                occurred_at=timezone.now() - dt.timedelta(hours=i + 1),
                discussed=f"Weekly call {i}: talked about {words[i % len(words)]} and the week.",
                significant=i % 10 == 0,
                recorded_by=sam,
                recorded_by_organisation_id=sam.organisation_id,
            )
            for i in range(n)
        ],
        contact_search_text,
    )
    plan = Plan.objects.get_or_create(family=family, defaults={"created_by": sam})[0]
    bulk(
        PlanAction,
        [
            PlanAction(
                plan=plan,
                description=f"Action {i}: go with Jayden to the {words[i % len(words)]} club.",
                owner_type=PlanAction.OwnerType.AGENCY,
                owner_name="Youth service",
                due_on=today + dt.timedelta(days=i % 60),
            )
            for i in range(n // 5)
        ],
        action_search_text,
    )
    bulk(
        Referral,
        [
            Referral(
                family=family,
                young_person=young_person,
                kind=Referral.Kind.MACE,
                submitted_on=today - dt.timedelta(days=i % 400),
                outcome=f"Listing {i}: the {words[i % len(words)]} added to the disruption plan.",
                recorded_by=sam,
            )
            for i in range(n // 5)
        ],
        referral_search_text,
    )
    half = n // 10
    bulk(
        SafetyMapping,
        [
            SafetyMapping(
                family=family,
                young_person=young_person,
                mapped_on=today - dt.timedelta(days=i % 400),
                recorded_by=sam,
                danger_statements=f"Mapping {i}: adults near the {words[i % len(words)]}.",
                existing_strengths="Loves boxing and drawing.",
                next_steps="Mum and Sam meet weekly.",
                worker_scale=5,
            )
            for i in range(half)
        ],
        mapping_search_text,
    )
    bulk(
        Screening,
        [
            Screening(
                family=family,
                young_person=young_person,
                screened_on=today - dt.timedelta(days=i % 400),
                recorded_by=sam,
                level="medium",
                rationale=f"Screening {i}: seen at the {words[i % len(words)]} with older men.",
                review_on=today + dt.timedelta(days=90),
            )
            for i in range(half)
        ],
        screening_search_text,
    )


def main(n: int) -> None:
    migrated_database()
    from django.db import connection

    from relsafe.assessments.models import SafetyMapping, Screening
    from relsafe.core.demo import seed_all
    from relsafe.core.search import search
    from relsafe.plans.models import PlanAction, Referral
    from relsafe.records.models import Contact
    from relsafe.records.selectors import family_chronology

    world = seed_all()
    _seed(n, world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    sam, family = world.people["sam"], world.families["jayden"]

    def timed(label: str, fn: Callable[[], object], repeat: int = 7) -> None:
        fn()  # warm caches and the planner
        samples = []
        result: object = None
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()
            samples.append(time.perf_counter() - started)
        samples.sort()
        print(f"  {label}: median {1000 * samples[len(samples) // 2]:.1f} ms ({result} hits)")

    print(
        f"{connection.vendor}: {Contact.objects.count()} contacts, "
        f"{PlanAction.objects.count()} plan actions, {Referral.objects.count()} referrals, "
        f"{SafetyMapping.objects.count() + Screening.objects.count()} assessments"
    )

    def searcher(query: str) -> Callable[[], object]:
        return lambda: len(search(user=sam, query=query))

    for query in ("station", "weekly call", "boxing drawing", "grey car uncle"):
        timed(f"search all kinds '{query}'", searcher(query))
    timed(
        "search screenings only 'older men'",
        lambda: len(search(user=sam, query="older men", kinds_wanted=["screening"])),
    )
    timed(
        "chronology (significant only)",
        lambda: len(family_chronology(user=sam, pk=family.pk)[1]),
        repeat=3,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
