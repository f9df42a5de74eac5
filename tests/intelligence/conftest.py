from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from relsafe.intelligence import linking
from tests.intelligence.factories import Scene, scene


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Each test starts without this process's cached index (the database is new each time)."""
    linking.forget_index()
    yield
    linking.forget_index()


@pytest.fixture
def world(db: Any) -> Scene:
    return scene()
