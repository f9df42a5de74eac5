"""Measures the checker on labelled sentences: how many wordings it should flag it does (recall), and
how many careful sentences it wrongly flags (false-alarm rate), overall and per category. Used by the
tests, the bench and docs/LANGUAGE.md.

The sentences are in ``eval/`` (see ``eval/README.md``): ``heldout.jsonl`` was written and committed
before the rules were changed and is never used to tune them; ``dev.jsonl`` is what they are tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from relsafe.language.checker import check

EVAL_DIR = Path(__file__).parent / "eval"
HELDOUT = EVAL_DIR / "heldout.jsonl"
DEV = EVAL_DIR / "dev.jsonl"


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    flag: bool
    category: str | None = None
    child_age: int | None = None


@dataclass
class Evaluation:
    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    misses: list[LabelledSentence] = field(default_factory=list)
    false_alarms: list[tuple[LabelledSentence, list[str]]] = field(default_factory=list)
    # Per category: flagged of those to flag, and wrongly flagged of the careful ones.
    flagged_by_category: Counter[str] = field(default_factory=Counter)
    total_by_category: Counter[str] = field(default_factory=Counter)
    false_alarms_by_category: Counter[str] = field(default_factory=Counter)
    careful_by_category: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 1.0

    @property
    def false_alarm_rate(self) -> float:
        negatives = self.false_positives + self.true_negatives
        return self.false_positives / negatives if negatives else 0.0

    def categories(self) -> list[str]:
        return sorted(set(self.total_by_category) | set(self.careful_by_category))

    def category_recall(self, category: str) -> float:
        total = self.total_by_category[category]
        return self.flagged_by_category[category] / total if total else 1.0

    def category_false_alarm_rate(self, category: str) -> float:
        total = self.careful_by_category[category]
        return self.false_alarms_by_category[category] / total if total else 0.0

    def table(self) -> str:
        """A Markdown table: recall and false alarms per category, then overall."""
        lines = ["| category | recall | false alarms |", "| --- | --- | --- |"]
        lines.extend(
            f"| `{category}` | {self.category_recall(category):.2f} "
            f"({self.flagged_by_category[category]}/{self.total_by_category[category]}) | "
            f"{self.category_false_alarm_rate(category):.2f} "
            f"({self.false_alarms_by_category[category]}/{self.careful_by_category[category]}) |"
            for category in self.categories()
        )
        positives = self.true_positives + self.false_negatives
        negatives = self.false_positives + self.true_negatives
        lines.append(
            f"| **all** | **{self.recall:.3f}** ({self.true_positives}/{positives}) | "
            f"**{self.false_alarm_rate:.3f}** ({self.false_positives}/{negatives}) |"
        )
        return "\n".join(lines)

    def summary(self, *, details: bool = True) -> str:
        """The table, and (``details``) each missed sentence and each false alarm."""
        lines = [self.table()]
        if details:
            lines.extend(f"  missed: {s.text}" for s in self.misses)
            lines.extend(f"  false alarm: {s.text} ({', '.join(w)})" for s, w in self.false_alarms)
        return "\n".join(lines)


def load(path: Path) -> list[LabelledSentence]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(
                LabelledSentence(
                    text=data["text"],
                    flag=bool(data["flag"]),
                    category=data.get("category"),
                    child_age=data.get("child_age"),
                )
            )
    return rows


def evaluate(sentences: Iterable[LabelledSentence]) -> Evaluation:
    result = Evaluation()
    for sentence in sentences:
        findings = check(sentence.text, child_age=sentence.child_age)
        category = sentence.category or "uncategorised"
        if sentence.flag:
            result.total_by_category[category] += 1
            if findings:
                result.true_positives += 1
                result.flagged_by_category[category] += 1
            else:
                result.false_negatives += 1
                result.misses.append(sentence)
        else:
            result.careful_by_category[category] += 1
            if findings:
                result.false_positives += 1
                result.false_alarms_by_category[category] += 1
                result.false_alarms.append((sentence, [f.text for f in findings]))
            else:
                result.true_negatives += 1
    return result
