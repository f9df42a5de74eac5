"""Writes ``data/regression_findings.json``: long mixed notes made from every labelled sentence, and the
exact findings the checker gives on them and on each sentence alone. The file was written with the
checker as it was before the speed work of issue 15 (item 5), so ``test_regression.py`` proves that
work changed no finding. Rewrite it only when a rule change is meant to change findings:

    PYTHONPATH=. .venv/bin/python -m tests.language.regression_fixture
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from relsafe.language.checker import Finding, check
from relsafe.language.evaluation import DEV, HELDOUT, LabelledSentence, load

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "regression_findings.json"
SOURCES = (
    HELDOUT,
    DEV,
    DATA / "labelled_sentences.jsonl",
    DATA / "unseen_sentences.jsonl",
    DATA / "probe_sentences.jsonl",
)
# Ages the long notes are also checked for (the age-aware rules change with them).
AGES = (None, 12, 15, 17, 18)
NOTE_WORDS = 2500


def sentences() -> list[LabelledSentence]:
    rows = [row for path in SOURCES for row in load(path)]
    random.Random(15).shuffle(rows)
    return rows


def notes(rows: list[LabelledSentence]) -> list[str]:
    """The sentences as notes of about ``NOTE_WORDS`` words, in paragraphs of five to seven."""
    found: list[str] = []
    paragraphs: list[str] = []
    paragraph: list[str] = []
    words = 0
    pick = random.Random(5)
    size = pick.randint(5, 7)
    for row in rows:
        paragraph.append(row.text)
        words += len(row.text.split())
        if len(paragraph) >= size:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
            size = pick.randint(5, 7)
        if words >= NOTE_WORDS:
            if paragraph:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
            found.append("\n\n".join(paragraphs))
            paragraphs = []
            words = 0
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    if paragraphs:
        found.append("\n\n".join(paragraphs))
    return found


def as_row(finding: Finding, per_rule: dict[str, list[object]]) -> list[object]:
    """A finding as a short row; what only depends on the rule (reason, category, alternatives) is
    kept once per rule, and checked to be the same for every finding of that rule."""
    fixed: list[object] = [finding.reason, finding.category, list(finding.alternatives)]
    assert per_rule.setdefault(finding.rule_id, fixed) == fixed
    return [
        finding.start,
        finding.end,
        finding.text,
        finding.suggestion,
        finding.rule_id,
        finding.replaceable,
    ]


def build() -> dict[str, object]:
    rows = sentences()
    per_rule: dict[str, list[object]] = {}
    built = {
        "notes": [
            {
                "text": text,
                "findings": {
                    str(age): [as_row(f, per_rule) for f in check(text, child_age=age)]
                    for age in (AGES if i == 0 else (None,))
                },
            }
            for i, text in enumerate(notes(rows))
        ],
        "sentences": [
            [
                row.text,
                row.child_age,
                [as_row(f, per_rule) for f in check(row.text, child_age=row.child_age)],
            ]
            for row in rows
        ],
    }
    built["rules"] = dict(sorted(per_rule.items()))
    return built


def dump(built: dict[str, object]) -> str:
    """JSON with one finding (and one sentence) a line, so a change shows as a readable diff."""

    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    out = ['{"rules": {']
    rules = built["rules"]
    assert isinstance(rules, dict)
    out.append(",\n".join(f"{line(k)}: {line(v)}" for k, v in rules.items()))
    out.append('}, "notes": [')
    notes_out = []
    for note in built["notes"]:  # type: ignore[attr-defined]
        ages = ",\n".join(
            f"{line(age)}: [\n" + ",\n".join(line(r) for r in rows) + "]"
            for age, rows in note["findings"].items()
        )
        notes_out.append(f'{{"text": {line(note["text"])},\n"findings": {{\n{ages}}}}}')
    out.append(",\n".join(notes_out))
    out.append('], "sentences": [')
    out.append(",\n".join(line(s) for s in built["sentences"]))  # type: ignore[attr-defined]
    out.append("]}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    built = build()
    text = dump(built)
    assert json.loads(text) == json.loads(json.dumps(built))
    FIXTURE.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {FIXTURE}\n")
