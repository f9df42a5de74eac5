"""Reallocating the lead ends the old lead in the same step (issue 16, item 10)."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.access import services
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from tests import factories
from tests.factories import AllocationFactory, FamilyFactory, TeamFactory

UserFactory: Any = factories.UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family_with_lead() -> dict[str, Any]:
    team: Any = TeamFactory()
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=team)
    family: Any = FamilyFactory(lead_organisation=team.organisation)
    old: Any = AllocationFactory(family=family, worker=UserFactory(team=team), is_lead=True)
    return {"team": team, "manager": manager, "family": family, "old": old}


@pytest.mark.parametrize(("previous_lead", "ended"), [("end", True), ("keep", False)])
def test_a_new_lead_replaces_the_old_one_in_one_step(
    family_with_lead: dict[str, Any], previous_lead: str, ended: bool
) -> None:
    s = family_with_lead
    new = services.allocate_worker(
        family=s["family"],
        worker=UserFactory(team=s["team"]),
        role_on_case="Parent liaison officer",
        allocated_by=s["manager"],
        is_lead=True,
        previous_lead=previous_lead,
    )
    old = Allocation.objects.get(pk=s["old"].pk)
    assert not old.is_lead
    assert (old.ended_at is not None) is ended
    leads = Allocation.objects.filter(family=s["family"], is_lead=True, ended_at__isnull=True)
    assert list(leads) == [new]
    entry = AuditEvent.objects.filter(action=AuditAction.ALLOCATION, object_id=str(old.pk)).get()
    assert entry.detail["replaced_as_lead"] is True


def test_adding_a_worker_who_is_not_lead_leaves_the_lead_alone(
    family_with_lead: dict[str, Any],
) -> None:
    s = family_with_lead
    services.allocate_worker(
        family=s["family"],
        worker=UserFactory(team=s["team"]),
        role_on_case="Social worker",
        allocated_by=s["manager"],
    )
    old = Allocation.objects.get(pk=s["old"].pk)
    assert old.is_lead
    assert old.ended_at is None
