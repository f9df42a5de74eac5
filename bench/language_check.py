"""How fast "Language with care" checks a note, and how well it does on the evaluation sets.
Prints numbers; asserts nothing (timing belongs here, not in the tests).

The live check under a text area must answer in p95 <= 30 ms for a 2,000-word note (issue 15). This
prints the p95 and median wall-clock time of ``check()`` and of the live-check view itself (Django's
request handling included, through the test client), and beside them the p95 and median **CPU time**
of each (``time.process_time``): on a shared, busy machine the wall-clock time is mostly waiting for
a CPU, while the CPU time is what the work costs, so it still means something there. The load
average is printed before and after.

Run: .venv/bin/python -m bench.language_check [RUNS]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from relsafe.language.checker import DEFAULT_RULE_SET, check  # noqa: E402
from relsafe.language.evaluation import DEV, HELDOUT, evaluate, load  # noqa: E402

TARGET_MS = 30.0


def note_of(words: int, sentences: list[str]) -> str:
    """A note of about ``words`` words made by cycling through sentences, in paragraphs."""
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_checks(text: str, runs: int) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds of each check, and the number of findings."""
    findings = len(check(text))  # the first check of new words fills the word caches
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        cpu_started = time.process_time()
        started = time.perf_counter()
        check(text)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu, findings


def time_live_view(text: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of POSTs to the live check as a signed-in social worker, on
    a throwaway migrated database (``bench._setup``). The test client runs the request in this
    process, so the CPU time is the server's work (middleware, session, check and template)."""
    from bench._setup import migrated_database

    migrated_database()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from relsafe.accounts.roles import Role
    from tests.conftest import sign_in_client
    from tests.factories import UserFactory

    setup_test_environment()
    worker: Any = UserFactory(role=Role.SOCIAL_WORKER)
    client = sign_in_client(Client(), worker)
    url = reverse("language:check")
    data = {"text": text, "field": "text", "target": "id_text"}
    client.post(url, data)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        cpu_started = time.process_time()
        started = time.perf_counter()
        response = client.post(url, data)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def figures(wall: list[float], cpu: list[float]) -> str:
    return (
        f"CPU p95 {percentile(cpu, 0.95):.1f} ms, median {statistics.median(cpu):.1f} ms; "
        f"wall p95 {percentile(wall, 0.95):.1f} ms, median {statistics.median(wall):.1f} ms"
    )


def main(runs: int) -> None:
    dev = load(DEV)
    sentences = [row.text for row in dev]
    careful = [row.text for row in dev if not row.flag]
    print(f"rules: {len(DEFAULT_RULE_SET.rules)} ({len(DEFAULT_RULE_SET.branches)} branches)")
    print(f"before: {load_average()}")
    for label, text in (
        ("2,000-word note (half flagged sentences)", note_of(2000, sentences)),
        ("2,000-word careful note", note_of(2000, careful)),
        ("typical 300-word note", note_of(300, sentences)),
    ):
        wall, cpu, findings = time_checks(text, runs)
        verdict = "within" if percentile(cpu, 0.95) <= TARGET_MS else "OVER"
        print(
            f"{label}: check() {figures(wall, cpu)} ({len(text.split())} words, "
            f"{findings} findings) - CPU p95 {verdict} the {TARGET_MS:.0f} ms target"
        )
    wall_view, cpu_view = time_live_view(note_of(2000, sentences), max(20, runs // 2))
    verdict = "within" if percentile(cpu_view, 0.95) <= TARGET_MS else "OVER"
    print(
        f"live check view, 2,000-word note: {figures(wall_view, cpu_view)} (request, check and "
        f"template) - CPU p95 {verdict} the {TARGET_MS:.0f} ms target"
    )
    print(f"after: {load_average()}")
    for name, path in (("held-out", HELDOUT), ("development", DEV)):
        result = evaluate(load(path))
        print(f"\n{name} set ({path.name}):")
        print(result.summary(details=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
