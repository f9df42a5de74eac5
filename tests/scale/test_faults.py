"""Faults, in a small form that CI runs on both databases (issue 13; docs/PERFORMANCE.md has the
larger runs): many people saving the same record at once, and a writer killed mid-work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import verify_chain
from relsafe.core.concurrency import EditConflict
from relsafe.core.files import check_storage
from relsafe.records import services
from relsafe.records.models import Attachment, Contact
from tests.factories import ContactFactory, UserFactory, allocated_family

pytestmark = pytest.mark.django_db(transaction=True)

EDITORS = 20


def _run_editors(contact_pk: int, worker_pk: int, retry: bool) -> dict[str, int]:
    """Twenty threads, each with its own connection, save an edit of the same contact at once.
    Each read the same version first; with ``retry`` each re-reads and tries again on a conflict."""
    from relsafe.accounts.models import User

    start = threading.Barrier(EDITORS)
    outcome = {"saved": 0, "conflicts": 0, "errors": 0}
    lock = threading.Lock()

    def edit(i: int) -> None:
        try:
            worker = User.objects.get(pk=worker_pk)
            contact = Contact.objects.get(pk=contact_pk)
            start.wait()
            while True:
                try:
                    services.update_contact(
                        actor=worker,
                        contact=contact,
                        expected_version=contact.version,
                        changes={"discussed": f"Edit number {i}"},
                    )
                except EditConflict:
                    with lock:
                        outcome["conflicts"] += 1
                    if not retry:
                        return
                    contact = Contact.objects.get(pk=contact_pk)
                    continue
                with lock:
                    outcome["saved"] += 1
                return
        except Exception:  # counted, and the test fails on any
            with lock:
                outcome["errors"] += 1
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcome


def _edit_world() -> tuple[Any, Any]:
    worker: Any = UserFactory()
    family = allocated_family(worker)
    contact: Any = ContactFactory(family=family, recorded_by=worker)
    return worker, contact


def test_twenty_people_saving_the_same_contact_at_once_one_lands_the_rest_are_told() -> None:
    worker, contact = _edit_world()
    outcome = _run_editors(contact.pk, worker.pk, retry=False)
    assert outcome == {"saved": 1, "conflicts": EDITORS - 1, "errors": 0}
    contact.refresh_from_db()
    assert contact.version == 2
    updates = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="records.contact", object_id=str(contact.pk)
    )
    assert updates.count() == 1
    assert verify_chain().ok


def test_twenty_people_who_retry_after_the_conflict_all_land_and_nothing_is_lost() -> None:
    worker, contact = _edit_world()
    outcome = _run_editors(contact.pk, worker.pk, retry=True)
    assert outcome["saved"] == EDITORS
    assert outcome["errors"] == 0
    contact.refresh_from_db()
    # Every save moved the version on by one: none overwrote another unseen.
    assert contact.version == 1 + EDITORS
    updates = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="records.contact", object_id=str(contact.pk)
    )
    assert sorted(e.detail["version"] for e in updates) == list(range(2, EDITORS + 2))
    assert verify_chain().ok


WRITER = """
import os, sys
import django
django.setup()
from relsafe.accounts.models import User
from relsafe.cases.models import Family
from relsafe.records import services
from tests import sample_files
from django.utils import timezone
worker = User.objects.get(pk=int(sys.argv[1]))
family = Family.objects.get(pk=int(sys.argv[2]))
n = 0
while True:
    contact = services.record_contact(actor=worker, family=family, kind="home_visit",
        occurred_at=timezone.now(), discussed=f"Visit {n}")
    services.add_attachment(actor=worker, contact=contact, name=f"note-{n}.pdf",
        data=sample_files.pdf_bytes())
    n += 1
    print(n, flush=True)
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        return f"postgresql://{db['USER']}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def test_a_writer_killed_mid_work_leaves_no_partial_record(tmp_path: Path) -> None:
    worker: Any = UserFactory()
    family = allocated_family(worker)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relsafe.settings.test",
        "DATABASE_URL": _database_url(),
        "RELSAFE_FILES_DIR": str(settings.MEDIA_ROOT),
    }
    writer = subprocess.Popen(  # noqa: S603  # our own script, our own arguments
        [sys.executable, "-c", WRITER, str(worker.pk), str(family.pk)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert writer.stdout is not None
    written = 0
    deadline = time.monotonic() + 120
    while written < 5 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            break
        written = int(line)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert written >= 5, writer.stderr.read() if writer.stderr else "writer printed nothing"

    contacts = list(Contact.objects.filter(family=family))
    assert len(contacts) >= written
    created = set(
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type="records.contact"
        ).values_list("object_id", flat=True)
    )
    # Every contact that exists has its audit entry (they commit together, or not at all).
    assert {str(c.pk) for c in contacts} <= created
    # Every attachment row has its file; a file written without its row (if the kill fell
    # between the two) is found and removed by the clean-up, after which all is clean.
    report = check_storage(delete_orphans=True)
    assert report.missing_files == []
    assert check_storage().clean
    assert Attachment.objects.filter(contact__family=family).count() >= written - 1
    assert verify_chain().ok
