"""The demo tells journeys 1 and 5 for Jayden, and seeding twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from relsafe.assessments.models import SafetyMapping, Screening
from relsafe.assessments.validators import danger_statement_warnings
from relsafe.plans.models import Plan, PlanAction, Referral

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (SafetyMapping, Screening, Plan, PlanAction, Referral))


def test_demo_is_idempotent_and_tells_jaydens_story() -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    mappings = list(SafetyMapping.objects.filter(family__reference="RS-0001").order_by("mapped_on"))
    assert len(mappings) == 6
    assert (mappings[-1].mapped_on - mappings[0].mapped_on).days >= 200  # about eight months
    for voice in ("worker", "parent", "young_person"):
        assert mappings[0].scales()[voice] == 2
        assert mappings[-1].scales()[voice] == 7
    assert all(not danger_statement_warnings(m.danger_statements) for m in mappings)
    levels = list(
        Screening.objects.filter(family__reference="RS-0001")
        .order_by("screened_on")
        .values_list("level", flat=True)
    )
    assert levels[0] == "high"
    assert levels[-1] == "medium"
    plan = Plan.objects.get(family__reference="RS-0001")
    assert plan.shared_with_family
    owners = {a.owner_display for a in plan.actions.all()}
    assert "Precious Mensah (parent or carer)" in owners
    assert "Sam Okoro" in owners
    assert any("school" in o.lower() for o in owners)
    nrm = Referral.objects.get(family__reference="RS-0001", kind=Referral.Kind.NRM)
    assert nrm.reasonable_grounds_outcome == Referral.Decision.POSITIVE
    assert Referral.objects.filter(family__reference="RS-0001", kind=Referral.Kind.MACE).exists()
    # One mapping of plans' own, and one earlier from the outcomes demo (the scale rising).
    assert SafetyMapping.objects.filter(family__reference="RS-0002").count() == 2
    assert Plan.objects.filter(family__reference="RS-0002").exists()
