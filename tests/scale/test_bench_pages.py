"""``python -m bench.pages`` keeps its interface (issue 13): each size seeded into its own
throwaway database, every page requested as signed-in people, a table and a JSON file. Tiny sizes
and one request each: this checks the tool works and what it writes, not any speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_writes_a_row_per_page_and_size_with_timings_and_query_counts(tmp_path: Path) -> None:
    out = tmp_path / "pages.json"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite, throwaway
    env.pop("DJANGO_SETTINGS_MODULE", None)
    sizes = ["--families", "30", "--families", "60", "--requests", "1"]
    done = subprocess.run(  # noqa: S603  # our own module, our own arguments
        [sys.executable, "-m", "bench.pages", *sizes, "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["database"] == "sqlite"
    rows = result["rows"]
    assert {row["families"] for row in rows} == {30, 60}
    pages = {row["page"] for row in rows}
    assert {"start page", "family page", "chronology", "team caseload (manager)"} <= pages
    for row in rows:
        assert set(row) == {"page", "families", "p50_ms", "p95_ms", "queries"}
        assert row["queries"] > 0
        assert row["p95_ms"] >= row["p50_ms"]
    # Every page answered (a refusal or an error would be printed and leave the page out).
    assert "HTTP " not in done.stderr
    assert "p95 ratio" in done.stdout
