"""Demo state for the family portal: Precious has not yet seen the interruption page, so the
demo shows it at her first sign-in (and again after every ``seed_demo``)."""

from __future__ import annotations

from django.db import transaction

from relsafe.core.demo import DemoWorld
from relsafe.portal.models import ExitGuidanceSeen

# Family members whose first sign-in in the demo shows how "Exit this page" works.
SHOWN_THE_INTERRUPTION = ("precious",)


@transaction.atomic
def seed(world: DemoWorld) -> None:
    """Idempotent: whatever was clicked since, seeding leaves the same state behind."""
    ExitGuidanceSeen.objects.filter(
        user__in=[world.people[key] for key in SHOWN_THE_INTERRUPTION]
    ).delete()
