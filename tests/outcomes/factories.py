"""Factories for outcomes (the shared ones are imported from tests.factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from relsafe.outcomes.models import OutcomeEvent, OutcomeKind, TableVersion
from relsafe.outcomes.services import seed_cost_tables
from tests.factories import FamilyFactory, UserFactory


class OutcomeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeEvent

    family = factory.SubFactory(
        FamilyFactory,
        opened_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=200)),
    )
    young_person = None
    kind = OutcomeKind.FAMILY_STAYED_TOGETHER
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    rationale = "The family stayed together with support."
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_organisation = factory.LazyAttribute(lambda o: o.recorded_by.organisation)


def seeded_tables() -> TableVersion:
    """The first version of the cost tables, as on a fresh install after seed_cost_tables."""
    seed_cost_tables()
    version: Any = TableVersion.objects.get(number=1)
    return version
