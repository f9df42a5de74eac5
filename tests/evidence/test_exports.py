"""The export for police and court: a signed PDF that ``verify_evidence_export`` accepts and that
fails once one byte changes, and a spreadsheet-safe CSV; both carry the statement of truth, each
entry's hash and the chain head."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.evidence import exports, services, signing
from tests.conftest import identity_confirmed, sign_in_client
from tests.evidence.factories import make_entry
from tests.factories import CaseScene

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(scene: CaseScene) -> list[Any]:
    return [
        make_entry(
            actor=scene.parent,
            family=scene.family,
            days_ago=10,
            what='=HYPERLINK("http://x") a grey Audi outside',
            vehicles=[services.VehicleSeen(plate="LM19 XKD", colour="Grey", make="Audi")],
            phones=["07700 900461"],
            people=[services.PersonSeen(nickname="Ghost")],
        ),
        make_entry(actor=scene.parent, family=scene.family, days_ago=2, what="Second sighting"),
    ]


def export(client: Any, family: Any, **data: str) -> Any:
    return client.post(
        reverse("evidence:export", args=[family.pk]),
        {"export_format": "pdf", "confirm": "on", **data},
    )


def signed_pdf(scene: CaseScene) -> bytes:
    client = identity_confirmed(sign_in_client(Client(), scene.parent))
    response = export(client, scene.family)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response) if response.streaming else response.content


def run_check(path: Path, capsys: Any) -> tuple[int, str]:
    try:
        call_command("verify_evidence_export", str(path))
    except SystemExit as leaving:
        code = int(str(leaving.code))
    else:
        code = 0
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_signed_pdf_verifies_and_says_what_it_covers(
    scene: CaseScene, entries: list[Any], tmp_path: Path, capsys: Any
) -> None:
    pdf = signed_pdf(scene)
    path = tmp_path / "log.pdf"
    path.write_bytes(pdf)
    code, output = run_check(path, capsys)
    assert code == 0, output
    assert f"Family log: {scene.family.reference}" in output
    assert "Range: the whole log" in output
    assert f"Chain head: {entries[-1].entry_hash}" in output
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT, reason="evidence log export")
    assert exported.detail["chain_head"] == entries[-1].entry_hash
    assert exported.detail["format"] == "pdf"


@pytest.mark.parametrize("where", ["middle", "signature padding", "first byte", "last byte"])
def test_a_copy_with_one_byte_changed_is_refused(
    scene: CaseScene, entries: list[Any], tmp_path: Path, capsys: Any, where: str
) -> None:
    pdf = bytearray(signed_pdf(scene))
    if where == "middle":
        position = len(pdf) // 3
    elif where == "signature padding":
        position = pdf.rindex(b"00>") + 1  # a zero of the signature's padding
    elif where == "first byte":
        position = 0
    else:
        position = len(pdf) - 2
    pdf[position] = ord("1") if pdf[position] == ord("0") else pdf[position] ^ 0x01
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(pdf))
    code, output = run_check(path, capsys)
    assert code == 1
    assert "NOT VALID" in output


def test_a_pdf_signed_with_another_key_is_refused(
    scene: CaseScene, entries: list[Any], settings: Any, tmp_path: Path
) -> None:
    pdf = signed_pdf(scene)
    settings.EVIDENCE_SIGNING_KEY = tmp_path / "other-key.pem"
    settings.EVIDENCE_SIGNING_CERT = tmp_path / "other-cert.pem"
    signing.ensure_signing_pair()
    check = signing.verify_export(pdf)
    assert not check.ok
    assert "certificate" in check.problem


def test_a_date_range_covers_only_those_entries(scene: CaseScene, entries: list[Any]) -> None:
    from relsafe.evidence import selectors

    second_day = entries[1].occurred_on
    content = selectors.log_for_export(
        user=scene.parent, family_pk=scene.family.pk, date_from=second_day
    )
    assert [e.sequence for e in content.entries] == [2]
    assert content.chain_head == entries[1].entry_hash
    assert "entries that happened from" in exports.range_label(content)


def test_the_csv_is_spreadsheet_safe_and_carries_hashes_and_the_statement(
    scene: CaseScene, entries: list[Any], signed_in: Any
) -> None:
    client = identity_confirmed(signed_in(scene.parent))
    response = export(client, scene.family, export_format="csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3].startswith("'=HYPERLINK")
    assert rows[1][14] == entries[0].entry_hash
    assert rows[1][8] == "07700 900461 (typed as 07700 900461)"
    flat = [cell for row in rows for cell in row]
    assert entries[-1].entry_hash in flat
    assert exports.PARENT_STATEMENT in flat


def test_the_statement_of_truth_must_be_confirmed(
    scene: CaseScene, entries: list[Any], signed_in: Any
) -> None:
    client = identity_confirmed(signed_in(scene.parent))
    response = client.post(
        reverse("evidence:export", args=[scene.family.pk]), {"export_format": "pdf"}
    )
    assert response.status_code == 400
    assert "Confirm the statement of truth" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_production_never_makes_up_a_key(settings: Any, tmp_path: Path) -> None:
    settings.EVIDENCE_SIGNING_SELF_SIGNED = False
    settings.EVIDENCE_SIGNING_KEY = tmp_path / "missing-key.pem"
    with pytest.raises(signing.SigningUnavailable):
        signing.ensure_signing_pair()
