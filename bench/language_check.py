"""How fast "Language with care" checks a note, and how well it does on the labelled sentences.
Prints numbers; asserts nothing.

Run: .venv/bin/python -m bench.language_check [SECONDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from relsafe.language.checker import check  # noqa: E402
from relsafe.language.evaluation import evaluate, load  # noqa: E402
from relsafe.language.rules import RULES  # noqa: E402

LABELLED = ROOT / "tests" / "language" / "data" / "labelled_sentences.jsonl"
UNSEEN = ROOT / "tests" / "language" / "data" / "unseen_sentences.jsonl"


def note_of(words: int, sentences: list[str]) -> str:
    """A note of about ``words`` words made by cycling through the labelled sentences."""
    parts: list[str] = []
    count = 0
    i = 0
    while count < words:
        sentence = sentences[i % len(sentences)]
        parts.append(sentence)
        count += len(sentence.split())
        i += 1
        if i % 6 == 0:
            parts.append("\n\n")
    return " ".join(parts)


def rate(text: str, seconds: float) -> tuple[float, float, int]:
    """Checks per second of CPU time used by this process (fair on a busy machine), and of wall time."""
    check(text)  # the first check of new words fills the word index
    runs = 0
    started_wall = time.perf_counter()
    started_cpu = time.process_time()
    while time.perf_counter() - started_wall < seconds:
        check(text)
        runs += 1
    cpu = time.process_time() - started_cpu
    wall = time.perf_counter() - started_wall
    return runs / max(cpu, 1e-9), runs / wall, len(check(text))


def main(seconds: float) -> None:
    rows = load(LABELLED)
    sentences = [row.text for row in rows]
    careful = [row.text for row in rows if not row.flag]
    print(f"rules: {len(RULES)}")
    for label, text in (
        ("2,000-word note (half flagged sentences)", note_of(2000, sentences)),
        ("2,000-word careful note", note_of(2000, careful)),
        ("typical 300-word note", note_of(300, sentences)),
    ):
        per_cpu_second, per_wall_second, findings = rate(text, seconds)
        print(
            f"{label}: {per_cpu_second:,.0f} checks per CPU second = {1000 / per_cpu_second:.2f} ms "
            f"per check ({per_wall_second:,.0f} per wall-clock second; {len(text.split())} words, "
            f"{len(text)} characters, {findings} findings)"
        )
    for name, path in (("labelled", LABELLED), ("unseen", UNSEEN)):
        print(f"{name} sentences:\n{evaluate(load(path)).summary()}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
