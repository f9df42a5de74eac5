"""``verify_evidence`` finds an entry edited, recomputed, removed or cut off behind the
application's back. Runs on SQLite and on PostgreSQL (DATABASE_URL=postgresql://...): the
database refuses the UPDATE, so each test first does what someone with owner rights on the
database could do and drops the trigger (inside the test's transaction, rolled back after)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from relsafe.core.crypto import encrypt_text
from relsafe.evidence import chain, services
from relsafe.evidence.models import EvidenceEntry
from tests.evidence.factories import make_entry
from tests.factories import CaseScene

pytestmark = pytest.mark.django_db


@contextmanager
def trigger_dropped(table: str) -> Iterator[None]:
    """As a database owner could: take away the written-once trigger of one table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {table}_written_once ON {table}")
        else:
            cursor.execute(f"DROP TRIGGER {table}_written_once")
    yield


def raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def log(scene: CaseScene) -> list[EvidenceEntry]:
    return [
        make_entry(
            actor=scene.parent,
            family=scene.family,
            what=f"Entry number {n}",
            vehicles=[services.VehicleSeen(plate="LM19 XKD", colour="Grey", make="Audi")],
        )
        for n in range(1, 4)
    ]


def run_verify(capsys: Any) -> tuple[int, str]:
    with pytest.raises(SystemExit) as leaving:
        call_command("verify_evidence")
    return int(str(leaving.value.code)), capsys.readouterr().err


def test_an_intact_log_verifies(log: list[EvidenceEntry], capsys: Any) -> None:
    call_command("verify_evidence")
    assert "3 entries in 1 family checked" in capsys.readouterr().out


def test_an_entry_edited_with_raw_sql_is_found(
    scene: CaseScene, log: list[EvidenceEntry], capsys: Any
) -> None:
    with trigger_dropped("evidence_evidenceentry"):
        raw(
            "UPDATE evidence_evidenceentry SET what_happened = %s WHERE id = %s",
            [encrypt_text("Nothing happened"), log[1].pk],
        )
    code, message = run_verify(capsys)
    assert code == 1
    assert f"{scene.family.reference} entry 2 (id {log[1].pk})" in message
    assert "changed after it was submitted" in message


def test_text_written_without_the_key_is_found(
    scene: CaseScene, log: list[EvidenceEntry], capsys: Any
) -> None:
    """Someone with the database but not the key can only write something no key opens (or swap
    tokens about): the check names the entry instead of failing."""
    with trigger_dropped("evidence_evidenceentry"):
        raw(
            "UPDATE evidence_evidenceentry SET what_happened = %s WHERE id = %s",
            ["Nothing happened", log[1].pk],
        )
    code, message = run_verify(capsys)
    assert code == 1
    assert f"{scene.family.reference} entry 2 (id {log[1].pk})" in message
    assert "cannot be decrypted" in message


def test_a_token_copied_from_another_entry_is_found(log: list[EvidenceEntry]) -> None:
    with trigger_dropped("evidence_evidenceentry"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT what_happened FROM evidence_evidenceentry WHERE id = %s", [log[0].pk]
            )
            token = cursor.fetchone()[0]
        raw(
            "UPDATE evidence_evidenceentry SET what_happened = %s WHERE id = %s", [token, log[1].pk]
        )
    report = chain.verify_all()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.sequence == 2


def test_a_vehicle_edited_with_raw_sql_is_found(log: list[EvidenceEntry]) -> None:
    with trigger_dropped("evidence_entryvehicle"):
        raw(
            "UPDATE evidence_entryvehicle SET plate = %s WHERE entry_id = %s",
            ["AB12CDE", log[0].pk],
        )
    report = chain.verify_all()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.sequence == 1


def test_an_edit_with_every_hash_recomputed_is_found_by_the_audit_trail(
    log: list[EvidenceEntry],
) -> None:
    """Whoever can write to the table can recompute the chain; the append-only audit trail
    still holds each hash as submitted."""
    with trigger_dropped("evidence_evidenceentry"):
        raw(
            "UPDATE evidence_evidenceentry SET what_happened = %s WHERE id = %s",
            [encrypt_text("Nothing happened"), log[1].pk],
        )
        previous = log[0].entry_hash
        for entry in EvidenceEntry.objects.filter(pk__in=[e.pk for e in log[1:]]).order_by(
            "sequence"
        ):
            entry.prev_hash = previous
            new_hash = chain.compute_hash(entry)
            raw(
                "UPDATE evidence_evidenceentry SET prev_hash = %s, entry_hash = %s WHERE id = %s",
                [previous, new_hash, entry.pk],
            )
            previous = new_hash
    report = chain.verify_all()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.sequence == 2
    assert "audit trail" in report.first_break.problem


def test_a_removed_entry_is_found(log: list[EvidenceEntry]) -> None:
    EvidenceEntry.objects.filter(pk=log[1].pk).delete()
    report = chain.verify_all()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.entry_id == log[2].pk
    assert "missing" in report.first_break.problem


def test_a_cut_off_newest_entry_is_found(log: list[EvidenceEntry]) -> None:
    EvidenceEntry.objects.filter(pk=log[2].pk).delete()
    report = chain.verify_all()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.entry_id == log[2].pk
    assert "no longer in the log" in report.first_break.problem


def test_a_family_removed_with_its_whole_log_is_not_a_break(scene: CaseScene, log: Any) -> None:
    scene.family.delete()
    assert chain.verify_all().ok
