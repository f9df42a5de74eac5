"""Recall and false-alarm rate on sentences we wrote and labelled: the numbers docs/LANGUAGE.md reports.
Run with -s to see the tables, per category.

The held-out set (relsafe/language/eval/heldout.jsonl) was written and committed before the rules
were changed and is never used to tune them: it is the fair measure. The development set and the older
labelled sets are what the rules were tuned on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from relsafe.language.evaluation import DEV, HELDOUT, evaluate, load

DATA = Path(__file__).parent / "data"
ISSUE_CATEGORIES = {
    "choice",
    "consent_relationship",
    "involvement",
    "image_abuse",
    "drug_running",
    "missing",
    "adultifying",
    "parent_blaming",
    "label",
}


def test_the_corpus_is_big_and_covers_every_category_of_the_issue() -> None:
    rows = load(HELDOUT) + load(DEV)
    flagged = [row for row in rows if row.flag]
    careful = [row for row in rows if not row.flag]
    assert len(flagged) >= 300
    assert len(careful) >= 300
    assert len({row.text for row in rows}) == len(rows), "no sentence twice, in either set"
    assert {row.category for row in flagged} >= ISSUE_CATEGORIES
    assert {row.category for row in careful} >= ISSUE_CATEGORIES


def test_at_least_half_of_every_category_is_held_out() -> None:
    held = Counter((row.category, row.flag) for row in load(HELDOUT))
    dev = Counter((row.category, row.flag) for row in load(DEV))
    assert set(held) == set(dev)
    for key in held:
        assert held[key] >= dev[key], key


def test_the_corpus_lines_are_well_formed() -> None:
    for path in (HELDOUT, DEV):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            assert set(data) == {"text", "flag", "category", "child_age"}
            assert isinstance(data["flag"], bool)
            assert data["child_age"] is None or 0 < data["child_age"] < 18


def test_held_out_recall_and_false_alarms_meet_the_bar() -> None:
    """The bar of issue 15: recall >= 0.95 and false alarms <= 0.05 on sentences never tuned on."""
    result = evaluate(load(HELDOUT))
    assert result.recall >= 0.95, result.table()
    assert result.false_alarm_rate <= 0.05, result.table()
    # Every category is still caught most of the time: a category the rules lose shows here.
    for category in result.categories():
        assert result.category_recall(category) >= 0.8, (category, result.table())
        assert result.category_false_alarm_rate(category) <= 0.1, (category, result.table())


@pytest.mark.parametrize(
    "path",
    [
        DEV,
        DATA / "labelled_sentences.jsonl",
        DATA / "unseen_sentences.jsonl",
        DATA / "probe_sentences.jsonl",
    ],
    ids=lambda p: p.name,
)
def test_the_sentences_the_rules_were_tuned_on_meet_the_bar(path: Path) -> None:
    result = evaluate(load(path))
    assert result.recall >= 0.95, result.summary()
    assert result.false_alarm_rate <= 0.03, result.summary()
