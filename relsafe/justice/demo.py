"""Demo criminal justice cases (filled in below)."""

from relsafe.core.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    return None
