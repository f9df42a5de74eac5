"""Recall and false-alarm rate on sentences we wrote and labelled (tests/language/data/): the numbers
docs/LANGUAGE.md reports. Run with -s to see them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from relsafe.language.evaluation import evaluate, load
from relsafe.language.rules import Category

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.jsonl"


def test_the_labelled_set_is_big_and_balanced_across_categories() -> None:
    rows = load(LABELLED)
    flagged = [row for row in rows if row.flag]
    careful = [row for row in rows if not row.flag]
    assert len(rows) >= 150
    assert 0.4 <= len(flagged) / len(rows) <= 0.6
    assert len({row.text for row in rows}) == len(rows), "no sentence twice"
    by_category = Counter(row.category for row in flagged)
    assert set(by_category) == {str(c) for c in Category}
    assert all(count >= 3 for count in by_category.values()), by_category
    assert len(careful) >= 75


def test_recall_and_false_alarm_rate_meet_the_bar() -> None:
    result = evaluate(load(LABELLED))
    assert result.recall >= 0.95, result.summary()
    assert result.false_alarm_rate <= 0.03, result.summary()


UNSEEN = Path(__file__).parent / "data" / "unseen_sentences.jsonl"


def test_sentences_written_after_the_rules_were_frozen_also_meet_the_bar() -> None:
    """A second set, written after the rules were frozen (its first run is in docs/LANGUAGE.md)."""
    result = evaluate(load(UNSEEN))
    assert result.recall >= 0.95, result.summary()
    assert result.false_alarm_rate <= 0.03, result.summary()
