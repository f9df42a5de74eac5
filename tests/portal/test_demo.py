"""The demo shows the interruption page: Precious has not seen it after seeding, every time."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.core.demo import seed_all
from relsafe.portal import selectors, services
from relsafe.portal.models import ExitGuidanceSeen

pytestmark = pytest.mark.django_db


def test_precious_has_not_seen_the_interruption_page(demo_world: Any) -> None:
    assert selectors.needs_exit_guidance(demo_world.people["precious"])


def test_seeding_again_shows_it_again_whatever_was_clicked(demo_world: Any) -> None:
    precious = demo_world.people["precious"]
    services.mark_exit_guidance_seen(user=precious)
    seed_all()
    assert selectors.needs_exit_guidance(precious)
    seed_all()
    assert not ExitGuidanceSeen.objects.exists()
