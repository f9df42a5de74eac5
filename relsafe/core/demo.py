"""The fictional demo world. ``seed_demo`` runs each app's ``demo.seed(world)`` in order. An app
adds its demo from its ``AppConfig.ready`` (so ``core`` names no app)::

    from relsafe.core.demo import register_demo

    register_demo("relsafe.plans.demo", order=60)

Orders in use: 10 accounts, 20 cases, 30 access, 40 relationships, 50 assessments, 60 plans,
70 records, 80 portal; a later app takes a number after the apps whose people and families it
builds on. The module is imported only when seeding. Everything is idempotent: running twice
changes nothing."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

# Module path -> order, filled by each app's ``AppConfig.ready``.
DEMO_MODULES: dict[str, int] = {}


def register_demo(module: str, *, order: int) -> None:
    """Have ``seed_all`` call ``<module>.seed(world)``, after every demo with a lower order."""
    DEMO_MODULES[module] = order


def demo_modules() -> list[str]:
    """The registered demo modules, in the order they run."""
    return sorted(DEMO_MODULES, key=lambda module: (DEMO_MODULES[module], module))


# Fictional sign-ins, documented in the README. Demo data only: real users choose their own.
DEMO_PASSWORD = "demo-families-are-fictional"  # noqa: S105
# The one authenticator secret shared by every demo staff account (base32 shown in README).
DEMO_TOTP_HEX_KEY = "72656c736166652d64656d6f2d746f7470"


@dataclass
class DemoWorld:
    """What earlier seeders made, by short name, for later seeders to build on."""

    organisations: dict[str, Any] = field(default_factory=dict)
    teams: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    families: dict[str, Any] = field(default_factory=dict)
    young_people: dict[str, Any] = field(default_factory=dict)


def seed_all() -> DemoWorld:
    world = DemoWorld()
    for module_name in demo_modules():
        importlib.import_module(module_name).seed(world)
    return world
