"""manage.py link_mentions: CSV in, mention_id/person_id out, bad rows reported by line (and
column) with the rest still linked, analyst decisions honoured, and no database touched."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relsafe.intelligence.linkage.mention import MENTION_FIELDS

ROOT = Path(__file__).resolve().parents[2]
HEADER = ",".join(MENTION_FIELDS)
ROWS = [
    "m1,case-1,2025-01-02,Marcus Reid,Ghost,about 20,male,07911 123456,KX61 ABC,grey Audi,,SO14 3AB,",
    "m2,case-2,2025-02-02,Markus Reed,,19,m,+44 7911 123456,,,,,",
    "m3,case-3,2025-02-03,Tom Fletcher,,,,,,,,,",
]


def write(path: Path, lines: list[str] | bytes) -> Path:
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    try:
        call_command("link_mentions", *args, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, err.getvalue()


def read_output(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["mention_id", "person_id"]
    return {row[0]: row[1] for row in rows[1:]}


def test_links_mentions_and_writes_one_person_id_per_mention(tmp_path: Path) -> None:
    # No django_db mark: pytest-django makes any database query here fail the test.
    source = write(tmp_path / "in.csv", [HEADER, *ROWS])
    out = tmp_path / "out.csv"
    code, err = run(str(source), "--output", str(out))
    assert code == 0
    people = read_output(out)
    assert people == {"m1": "m1", "m2": "m1", "m3": "m3"}
    assert "3 of 3 placed (100%)" in err
    assert "Linked 3 mentions to 2 people" in err


def test_bad_rows_are_reported_by_line_and_column_and_the_rest_is_linked(tmp_path: Path) -> None:
    huge = "x" * 10_000_001
    lines = [
        HEADER,
        ROWS[0],
        "m4,case-4,too,few,columns",
        f"m5,case-5,2025-01-01,{huge},,,,,,,,,",
        ",case-6,2025-01-01,Nameless,,,,,,,,,",
        ROWS[1],
        "m1,case-7,2025-01-01,Again,,,,,,,,,",
    ]
    body = ("\n".join(lines) + "\n").encode() + b"m6,case-8,2025-01-01,\xff\xfe,,,,,,,,,\n"
    body += (ROWS[2] + "\n").encode()
    source = write(tmp_path / "in.csv", body)
    out = tmp_path / "out.csv"
    code, err = run(str(source), "--output", str(out))
    assert code == 1
    assert "line 3: has 5 columns where the header has 13" in err
    assert "line 4, column name: the cell is longer than 10,000 characters" in err
    assert "line 5, column mention_id: mention_id is empty" in err
    assert "line 7, column mention_id: mention_id 'm1' was used before" in err
    assert "line 8: not UTF-8 text" in err
    assert "5 row(s) skipped" in err
    assert read_output(out) == {"m1": "m1", "m2": "m1", "m3": "m3"}


def test_a_header_without_mention_id_says_so(tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", ["name,phone", "Kai,07911 123456"])
    out = tmp_path / "out.csv"
    code, err = run(str(source), "--output", str(out))
    assert code == 1
    assert "line 1: the header line lacks the column(s) mention_id" in err
    assert read_output(out) == {}


def test_only_mention_id_is_required_and_columns_may_come_in_any_order(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.csv",
        ["phone,mention_id", "07911 123456,a", "+447911123456,b", ",c"],
    )
    out = tmp_path / "out.csv"
    assert run(str(source), "--output", str(out))[0] == 0
    people = read_output(out)
    assert people["a"] == people["b"]
    assert people["c"] == "c"


def test_decisions_file_splits_and_confirms(tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", [HEADER, *ROWS])
    decisions = write(
        tmp_path / "decisions.csv",
        ["mention_a,mention_b,decision", "m1,m2,different", "m1,m3,same", "m2,m3,perhaps"],
    )
    out = tmp_path / "out.csv"
    code, err = run(str(source), "--output", str(out), "--decisions", str(decisions))
    assert code == 0
    assert "line 4, column decision: decision must be 'same' or 'different'" in err
    people = read_output(out)
    assert people["m1"] == people["m3"] != people["m2"]


def test_a_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file called"):
        call_command("link_mentions", str(tmp_path / "nope.csv"), "--output", "x.csv")


def test_runs_with_no_usable_database_at_all(tmp_path: Path) -> None:
    """The command never opens a database connection: pointed at a server that does not exist,
    it still links the file."""
    source = write(tmp_path / "in.csv", [HEADER, *ROWS])
    out = tmp_path / "out.csv"
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/no_such_database",
        "DJANGO_SETTINGS_MODULE": "relsafe.settings.test",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "link_mentions", str(source), "--output", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_output(out)["m2"] == "m1"
