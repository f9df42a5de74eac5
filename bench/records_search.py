"""How fast records search and the chronology answer as a family's record grows. Prints numbers;
asserts nothing.

Run: .venv/bin/python bench/records_search.py [N]   (N contacts; uses DATABASE_URL, default a
throwaway SQLite)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time


def main(n: int) -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relsafe.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from relsafe.core.demo import seed_all
    from relsafe.records.models import Contact
    from relsafe.records.selectors import family_chronology, search_records
    from relsafe.records.services import contact_search_text

    world = seed_all()
    sam, family = world.people["sam"], world.families["jayden"]
    words = ["football", "school", "phone", "station", "uncle", "drawing", "car", "court"]
    batch = []
    for i in range(n):
        contact = Contact(
            family=family,
            kind="phone_call",
            occurred_at=timezone.now() - dt.timedelta(hours=i + 1),
            discussed=f"Weekly call {i}: talked about {words[i % len(words)]} and the week ahead.",
            significant=i % 10 == 0,
            recorded_by=sam,
            recorded_by_organisation_id=sam.organisation_id,
        )
        contact.search_text = contact_search_text(contact)
        batch.append(contact)
    Contact.objects.bulk_create(batch, batch_size=500)

    def timed(label: str, fn: object, repeat: int = 5) -> None:
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()  # type: ignore[operator]
            samples.append(time.perf_counter() - started)
        samples.sort()
        print(f"{label}: median {1000 * samples[len(samples) // 2]:.1f} ms ({result})")

    print(f"{connection.vendor}, {Contact.objects.count()} contacts")
    timed("search 'station'", lambda: len(search_records(user=sam, query="station")))
    timed("search 'weekly call'", lambda: len(search_records(user=sam, query="weekly call")))
    timed(
        "chronology (significant only)",
        lambda: len(family_chronology(user=sam, pk=family.pk)[1]),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
