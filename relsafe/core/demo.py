"""The fictional demo world. ``seed_demo`` runs each app's ``demo.seed(world)`` in order; later
features add their own ``demo.py`` and append to ``DEMO_MODULES``. Everything is idempotent: running
twice changes nothing."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

DEMO_MODULES = [
    "relsafe.accounts.demo",
    "relsafe.cases.demo",
    "relsafe.access.demo",
    "relsafe.relationships.demo",
    "relsafe.assessments.demo",
    "relsafe.plans.demo",
    "relsafe.records.demo",
    "relsafe.portal.demo",
]

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
    for module_name in DEMO_MODULES:
        importlib.import_module(module_name).seed(world)
    return world
