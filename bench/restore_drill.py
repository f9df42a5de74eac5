"""How long the restore drill's backup, restore and checks take as the case record grows: the
measured RTO and RPO published in docs/OPERATIONS.md. Prints numbers; asserts nothing.

Seeds the demo, then N more families (default 1,000), each with two young people, a carer, a
lead allocation, CONTACTS contacts (with the young people on them) and AUDIT audit entries
(appended through ``audit.services.record``, so the chain is real), then runs the drill.

Run: .venv/bin/python -m bench.restore_drill [N [RUNS]]   (RUNS drills, default 3, on the same
data; uses DATABASE_URL, default a throwaway
SQLite; point DATABASE_URL at an empty PostgreSQL database to measure that: the drill creates
and drops ``<name>_restore_drill`` beside it)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from bench._setup import migrated_database

CONTACTS = 20
AUDIT = 20
_WORDS = ["football", "school", "phone", "station", "uncle", "drawing", "car", "court"]


def _seed(n: int, world: Any) -> None:
    from django.db import transaction
    from django.utils import timezone

    from relsafe.audit.models import AuditAction
    from relsafe.audit.services import record
    from relsafe.cases.models import Allocation, Carer, Family, YoungPerson
    from relsafe.records.models import Contact
    from relsafe.records.services import contact_search_text

    sam = world.people["sam"]
    today = timezone.localdate()
    now = timezone.now()
    families = Family.objects.bulk_create(
        [
            Family(
                reference=f"B-{i:06d}",
                name=f"Bench family {i}",
                lead_organisation_id=sam.organisation_id,
                status=Family.Status.ACTIVE,
                review_due=today + dt.timedelta(days=i % 90),
            )
            for i in range(n)
        ],
        batch_size=500,
    )
    young_people = YoungPerson.objects.bulk_create(
        [
            YoungPerson(
                family=family,
                first_name=f"Child{j}",
                last_name=family.name.split()[-1],
                date_of_birth=today - dt.timedelta(days=365 * 12 + 97 * j + i),
                identity="Proud of his grandmother's cooking.",
                education="Year 9, attendance 82%.",
            )
            for i, family in enumerate(families)
            for j in range(2)
        ],
        batch_size=500,
    )
    Carer.objects.bulk_create(
        [Carer(family=f, full_name=f"Parent of {f.name}", relationship="mum") for f in families],
        batch_size=500,
    )
    Allocation.objects.bulk_create(
        [
            Allocation(family=f, worker=sam, role_on_case="Parent support worker", is_lead=True)
            for f in families
        ],
        batch_size=500,
    )
    contacts = [
        Contact(
            family=family,
            kind=Contact.Kind.HOME_VISIT,
            occurred_at=now - dt.timedelta(days=k * 7, hours=i % 24),
            discussed=f"Visit {k}: talked about {_WORDS[(i + k) % len(_WORDS)]} and the week ahead.",
            young_person_voice="I want to get back to boxing.",
            parent_voice="He is home on time more often.",
            recorded_by=sam,
            recorded_by_organisation_id=sam.organisation_id,
        )
        for i, family in enumerate(families)
        for k in range(CONTACTS)
    ]
    for contact in contacts:
        contact.search_text = contact_search_text(contact)
    contacts = Contact.objects.bulk_create(contacts, batch_size=1000)
    through = Contact.young_people.through
    by_family: dict[int, list[Any]] = {}
    for person in young_people:
        by_family.setdefault(person.family_id, []).append(person)
    through.objects.bulk_create(
        [
            through(contact_id=c.pk, youngperson_id=p.pk)
            for c in contacts
            for p in by_family[c.family_id]
        ],
        batch_size=1000,
    )
    # The chain is written one entry at a time, as the application does; a thousand entries per
    # transaction only saves the commits.
    families_by_index = list(families)
    for start in range(0, n * AUDIT, 1000):
        with transaction.atomic():
            for i in range(start, min(start + 1000, n * AUDIT)):
                family = families_by_index[i % n]
                record(
                    action=AuditAction.VIEW if i % 4 else AuditAction.UPDATE,
                    actor=sam,
                    obj=family,
                    reason="allocated",
                    detail={"page": "family"},
                )


def main(n: int, runs: int) -> None:
    migrated_database()
    from django.db import connection

    from relsafe.audit.models import AuditEvent
    from relsafe.cases.models import Family
    from relsafe.core.demo import seed_all
    from relsafe.core.restore_drill import run_drill

    started = time.perf_counter()
    _seed(n, seed_all())
    seed_s = time.perf_counter() - started
    print(
        f"{connection.vendor}: {Family.objects.count():,} families, "
        f"{AuditEvent.objects.count():,} audit entries (seeded in {seed_s:.1f}s)"
    )
    for run in range(1, runs + 1):
        started = time.perf_counter()
        report = run_drill()
        total_s = time.perf_counter() - started
        print(
            f"drill {run}: backup ({report.backup_method}) {report.backup_seconds:.2f}s, "
            f"{report.backup_bytes / 1e6:.1f} MB; restore ({report.restore_method}) "
            f"{report.restore_seconds:.2f}s = RTO at this size; checks {report.verify_seconds:.2f}s "
            f"({report.models_checked} models, {report.rows_checked:,} rows, "
            f"{report.chain.checked:,} chain entries); {total_s:.2f}s in all; ok={report.ok}"
        )
        for problem in report.problems:
            print(f"  problem: {problem}")
    print(f"RPO at daily backups: {report.rpo_hours:.4f} h (the interval plus the backup's time)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3,
    )
