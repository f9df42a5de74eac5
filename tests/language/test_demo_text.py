"""Demo data is written with care (PRODUCT.md §6): none of its text trips the checker."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from relsafe.language.checker import check

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILES = sorted((ROOT / "relsafe").glob("*/demo.py"))


def _sentences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value
    ]


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.parent.name)
def test_demo_text_uses_careful_language(path: Path) -> None:
    flagged = {text: [f.text for f in check(text)] for text in _sentences(path)}
    assert {text: found for text, found in flagged.items() if found} == {}


def test_there_is_demo_text_to_check() -> None:
    assert sum(len(_sentences(path)) for path in DEMO_FILES) > 100
