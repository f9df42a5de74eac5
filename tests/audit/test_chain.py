"""The audit trail is append-only and hash-chained; verify_audit finds the first bad entry."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)

from relsafe.audit import maintenance
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record, verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# SQLite raises IntegrityError for RAISE(ABORT); PostgreSQL a RaiseException (ProgrammingError).
DB_REFUSALS = (IntegrityError, InternalError, OperationalError, ProgrammingError)


def _three_entries() -> list[AuditEvent]:
    user = UserFactory()
    return [
        record(action=AuditAction.VIEW, actor=user, object_type="cases.family", object_id=i)
        for i in "abc"
    ]


def test_each_entry_links_to_the_previous_one() -> None:
    first, second, third = _three_entries()[-3:]
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    report = verify_chain()
    assert report.ok
    assert report.checked == AuditEvent.objects.count()


def test_database_refuses_update_and_delete() -> None:
    entry = _three_entries()[0]
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).update(reason="edited")
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).delete()
    assert AuditEvent.objects.get(pk=entry.pk).reason == ""


def test_verify_audit_names_an_edited_entry() -> None:
    entries = _three_entries()
    target = entries[1]
    with maintenance.append_only_lifted(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["tampered", target.pk]
        )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", stdout=out, stderr=out)
    assert exit_info.value.code == 1
    assert f"#{target.pk}" in out.getvalue()
    assert "changed" in out.getvalue()


def test_verify_audit_notices_a_deleted_entry() -> None:
    entries = _three_entries()
    with maintenance.append_only_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [entries[1].pk])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == entries[2].pk


def test_verify_audit_passes_on_untouched_demo_data(demo_world: object) -> None:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_no_secrets_in_detail() -> None:
    user = UserFactory()
    event = record(
        action=AuditAction.UPDATE,
        actor=user,
        detail={"password": "x", "note_body": "y", "field": "name"},
    )
    assert event.detail == {"field": "name"}
