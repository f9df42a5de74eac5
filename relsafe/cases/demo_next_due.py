"""Last step of ``seed_demo``: recompute every family's stored next due, in case a demo wrote
rows without the writes ``cases.next_due`` watches (bulk inserts, bare updates)."""

from __future__ import annotations

from typing import Any

from relsafe.cases.next_due import refresh_next_due


def seed(world: Any) -> None:
    refresh_next_due(None)
