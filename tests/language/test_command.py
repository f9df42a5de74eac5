"""manage.py check_language: JSON or a readable list, from a file or standard input; exit 1 when
there is wording to change."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
FLAGGED = "Jayden is putting himself at risk.\nHe absconded on Friday."
CAREFUL = "Jayden went missing on Friday and was found by his mum."


def run(
    *args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        call_command("check_language", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_json_lists_findings_and_exits_1(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(FLAGGED, encoding="utf-8")
    code, output = run("--json", str(note))
    assert code == 1
    findings = json.loads(output)
    assert [f["text"] for f in findings] == ["is putting himself at risk", "absconded"]
    assert set(findings[0]) == {"start", "end", "text", "suggestion", "reason"}
    assert FLAGGED[findings[1]["start"] : findings[1]["end"]] == "absconded"
    assert findings[1]["suggestion"] == "went missing"
    assert "The Children's Society" in findings[0]["reason"]


def test_json_of_careful_text_is_an_empty_list_and_exits_0(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(CAREFUL, encoding="utf-8")
    assert run("--json", str(note)) == (0, "[]\n")


def test_a_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("--json", "-", stdin="She is involved in CSE.", monkeypatch=monkeypatch)
    assert code == 1
    assert json.loads(output)[0]["text"] == "involved in CSE"
    assert json.loads(output)[0]["suggestion"] == "being sexually exploited"


def test_plain_output_is_readable_with_line_and_column(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("-", stdin=FLAGGED, monkeypatch=monkeypatch)
    assert code == 1
    assert "2 suggestions for standard input:" in output
    assert 'line 1, column 8: "is putting himself at risk"' in output
    assert "Try: is at risk of being exploited" in output
    assert 'line 2, column 4: "absconded"' in output
    assert "Why: " in output


def test_plain_output_says_when_there_is_nothing_to_change(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("-", stdin=CAREFUL, monkeypatch=monkeypatch) == (
        0,
        "No wording to change in standard input.\n",
    )


def test_child_age_picks_age_aware_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run(
        "--json", "--child-age", "12", "-", stdin="She is sexually active.", monkeypatch=monkeypatch
    )
    assert code == 1
    assert json.loads(output)[0]["suggestion"] == "being raped"


def test_explain_says_which_rule_matched_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    note = 'Mia keeps choosing to go back to the flat.\nHe said "I am a runner" and the police ran a check.'
    code, output = run("--explain", "-", stdin=note, monkeypatch=monkeypatch)
    assert code == 1
    assert "1 suggestion for standard input:" in output
    assert "rule: keeps-going-back (choice: Implies the child chose to be harmed)" in output
    assert "sources: The Children's Society" in output
    assert "pattern: < (keep|keeps" in output
    assert 'matched: "keeps choosing to go back to the flat"' in output
    assert "words: keeps (as keep); choosing (as choose)" in output
    assert "subject: “Mia”" in output
    # What matched but was let through, and why: the young person's own words.
    assert "Matched but not flagged:" in output
    assert '"a runner" (running-drugs): inside a quotation' in output


def test_explain_with_json_keeps_the_findings_and_adds_the_explanation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, output = run(
        "--json",
        "--explain",
        "-",
        stdin="Kayden is involved in county lines.",
        monkeypatch=monkeypatch,
    )
    assert code == 1
    [finding] = json.loads(output)
    assert finding["text"] == "involved in county lines"
    assert finding["suggestion"] == "being criminally exploited through county lines"
    assert finding["explanation"]["rule"] == "involved-in-exploitation"
    assert finding["explanation"]["category"] == "involvement"
    assert finding["explanation"]["sources"][0].startswith("The Children's Society")
    assert "subject: “Kayden”" in finding["explanation"]["details"]


def test_explain_on_careful_text_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("--explain", "-", stdin=CAREFUL, monkeypatch=monkeypatch)
    assert code == 0
    assert "No wording to change in standard input." in output


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file called"):
        call_command("check_language", str(tmp_path / "nope.txt"))


def test_a_file_that_is_not_text_is_a_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("check_language", str(binary))


def test_the_real_command_line_exit_codes() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "relsafe.settings.test"}
    command = [sys.executable, str(ROOT / "manage.py"), "check_language", "--json", "-"]
    flagged = subprocess.run(  # noqa: S603 - our own interpreter and script
        command, input=FLAGGED, capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    assert flagged.returncode == 1, flagged.stderr
    assert len(json.loads(flagged.stdout)) == 2
    careful = subprocess.run(  # noqa: S603
        command, input=CAREFUL, capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    assert careful.returncode == 0, careful.stderr
    assert json.loads(careful.stdout) == []
