"""The chain's head is anchored outside the database, so cutting entries off the end of the
trail (which leaves a chain that still links up) is noticed by verify_audit."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from relsafe.audit import maintenance
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import (
    GENESIS_HASH,
    anchor_chain_head,
    record,
    verify_anchors,
    verify_chain,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchor_path(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "anchors" / "audit-anchors.jsonl"
    settings.AUDIT_ANCHOR_FILE = path
    return path


def _entries(n: int) -> list[AuditEvent]:
    return [
        record(action=AuditAction.VIEW, object_type="cases.family", object_id=i, actor_email="a@b")
        for i in range(n)
    ]


def _verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def test_audit_anchor_appends_the_head_with_id_hash_and_utc_time(anchor_path: Path) -> None:
    entries = _entries(3)
    out = StringIO()
    call_command("audit_anchor", stdout=out)
    assert f"#{entries[-1].pk}" in out.getvalue()
    line = json.loads(anchor_path.read_text().splitlines()[0])
    assert line["entry_id"] == entries[-1].pk
    assert line["entry_hash"] == entries[-1].entry_hash
    assert line["anchored_at"].endswith("+00:00")
    assert line["prev_line_sha256"] == GENESIS_HASH


def test_each_anchor_links_to_the_line_before(anchor_path: Path) -> None:
    _entries(1)
    first = anchor_chain_head()
    _entries(2)
    second = anchor_chain_head()
    assert first is not None
    assert second is not None
    lines = anchor_path.read_text().splitlines()
    assert len(lines) == 2
    assert second.prev_line_sha256 != GENESIS_HASH
    assert verify_anchors().ok


def test_verify_audit_passes_and_counts_anchors(anchor_path: Path) -> None:
    _entries(2)
    anchor_chain_head()
    _entries(2)
    anchor_chain_head()
    code, output = _verify()
    assert code == 0
    assert "intact" in output
    assert "All 2 anchors" in output


def test_cutting_off_the_tail_is_noticed_and_names_the_anchor(anchor_path: Path) -> None:
    entries = _entries(5)
    anchor_chain_head()
    with maintenance.append_only_lifted(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id >= %s", [entries[3].pk]
        )  # the newest two
    # The chain that is left still links up: only the anchor can tell.
    assert verify_chain().ok
    code, output = _verify()
    assert code == 1
    assert f"entry #{entries[-1].pk}" in output
    assert "line 1" in output
    assert "no longer in the chain" in output


def test_an_edited_anchor_file_is_noticed(anchor_path: Path) -> None:
    _entries(1)
    anchor_chain_head()
    _entries(1)
    anchor_chain_head()
    _entries(1)
    anchor_chain_head()
    lines = anchor_path.read_text().splitlines()
    del lines[1]  # someone removes the middle anchor to hide what it pointed at
    anchor_path.write_text("\n".join(lines) + "\n")
    report = verify_anchors()
    assert not report.ok
    assert report.line_number == 2
    assert "anchor file itself was edited" in report.problem


def test_without_an_anchor_file_verify_warns_but_passes(anchor_path: Path) -> None:
    _entries(1)
    code, output = _verify()
    assert code == 0
    assert "No anchor file" in output
    assert "audit_anchor" in output


def test_an_empty_trail_has_nothing_to_anchor(anchor_path: Path) -> None:
    assert not AuditEvent.objects.exists()
    out = StringIO()
    call_command("audit_anchor", stdout=out)
    assert "nothing to anchor" in out.getvalue()
    assert not anchor_path.exists()


def test_make_demo_anchors_the_trail_it_has_just_seeded_before_serving() -> None:
    """So a demo (or a first install) never runs without an anchor; ``make -n`` only prints the
    recipe, it runs nothing."""
    import shutil
    import subprocess

    make = shutil.which("make")
    assert make is not None, "make is needed to run the demo"
    root = Path(__file__).resolve().parents[2]
    printed = subprocess.run(  # noqa: S603 - fixed arguments, our own Makefile
        [make, "-n", "demo"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    def step(command: str) -> int:
        return next(i for i, line in enumerate(printed) if f"manage.py {command}" in line)

    assert step("seed_demo") < step("audit_anchor") < step("runserver")
