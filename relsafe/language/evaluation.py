"""Measures the checker on labelled sentences: how many wordings it should flag it does (recall), and
how many careful sentences it wrongly flags (false-alarm rate). Used by the tests and the bench."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from relsafe.language.checker import check


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
    flagged_by_category: Counter[str] = field(default_factory=Counter)
    total_by_category: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 1.0

    @property
    def false_alarm_rate(self) -> float:
        negatives = self.false_positives + self.true_negatives
        return self.false_positives / negatives if negatives else 0.0

    def summary(self) -> str:
        lines = [
            f"labelled sentences: {self.true_positives + self.false_negatives} to flag, "
            f"{self.false_positives + self.true_negatives} careful",
            f"recall: {self.recall:.3f} ({self.true_positives}/{self.true_positives + self.false_negatives})",
            f"false-alarm rate: {self.false_alarm_rate:.3f} "
            f"({self.false_positives}/{self.false_positives + self.true_negatives})",
        ]
        lines.extend(
            f"  {category}: {self.flagged_by_category[category]}/{self.total_by_category[category]} flagged"
            for category in sorted(self.total_by_category)
        )
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
        if sentence.flag:
            category = sentence.category or "uncategorised"
            result.total_by_category[category] += 1
            if findings:
                result.true_positives += 1
                result.flagged_by_category[category] += 1
            else:
                result.false_negatives += 1
                result.misses.append(sentence)
        elif findings:
            result.false_positives += 1
            result.false_alarms.append((sentence, [f.text for f in findings]))
        else:
            result.true_negatives += 1
    return result
