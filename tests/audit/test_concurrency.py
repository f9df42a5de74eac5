"""Appends from many connections at once still make one unbroken chain: PostgreSQL serialises
them with an advisory lock, SQLite with IMMEDIATE transactions. Runs on both databases."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record, verify_chain

WRITERS = 6
ENTRIES_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    before = AuditEvent.objects.count()
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(ENTRIES_EACH):
                record(
                    action=AuditAction.VIEW,
                    object_type="tests.writer",
                    object_id=f"{n}-{i}",
                    actor_email=f"writer{n}@example.org",
                )
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert AuditEvent.objects.count() == before + WRITERS * ENTRIES_EACH
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked == before + WRITERS * ENTRIES_EACH
    # No two entries claim the same predecessor: the chain did not fork.
    prevs = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prevs) == len(set(prevs))
