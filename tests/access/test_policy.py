"""Each route to a family in ``relsafe.access.policy``, and the people who have none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import AccessReason
from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    CarerFactory,
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _sees(user: Any, family: Any) -> bool:
    visible = policy.visible_families(user).filter(pk=family.pk).exists()
    assert visible == policy.can_view_family(user, family), "the two policy entry points disagree"
    return visible


def test_allocated_worker_sees_the_family_and_others_do_not() -> None:
    allocation: Any = AllocationFactory()
    colleague: Any = UserFactory(team=allocation.worker.team)
    assert _sees(allocation.worker, allocation.family)
    assert policy.access_reason(allocation.worker, allocation.family) == AccessReason.ALLOCATED
    assert not _sees(colleague, allocation.family)


def test_ended_allocation_gives_nothing() -> None:
    allocation: Any = AllocationFactory()
    allocation.ended_at = timezone.now()
    allocation.save()
    assert not _sees(allocation.worker, allocation.family)


def test_team_manager_sees_their_teams_families_only() -> None:
    allocation: Any = AllocationFactory()
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=allocation.worker.team)
    other_team: Any = TeamFactory(organisation=allocation.worker.organisation)
    other_manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    assert _sees(manager, allocation.family)
    assert policy.access_reason(manager, allocation.family) == AccessReason.TEAM_MANAGER
    assert not _sees(other_manager, allocation.family)


def test_team_manager_loses_the_family_when_the_worker_leaves() -> None:
    allocation: Any = AllocationFactory()
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=allocation.worker.team)
    allocation.worker.is_active = False
    allocation.worker.save()
    assert not _sees(manager, allocation.family)


def test_police_see_families_shared_with_their_force_while_the_share_is_live() -> None:
    share: Any = OrganisationShareFactory()
    analyst: Any = UserFactory(
        role=Role.POLICE_ANALYST, team=TeamFactory(organisation=share.organisation)
    )
    other_force: Any = OrganisationFactory(kind=Organisation.Kind.POLICE)
    outsider: Any = UserFactory(
        role=Role.POLICE_ANALYST, team=TeamFactory(organisation=other_force)
    )
    assert _sees(analyst, share.family)
    assert policy.access_reason(analyst, share.family) == AccessReason.SHARED_WITH_ORGANISATION
    assert not _sees(outsider, share.family)
    share.revoked_at = timezone.now()
    share.save()
    assert not _sees(analyst, share.family)


def test_a_share_does_not_open_the_family_to_caseworkers_of_that_organisation() -> None:
    share: Any = OrganisationShareFactory()
    worker: Any = UserFactory(team=TeamFactory(organisation=share.organisation))
    assert not _sees(worker, share.family)


def test_live_break_glass_opens_one_family_only() -> None:
    grant: Any = BreakGlassGrantFactory()
    another: Any = FamilyFactory()
    assert _sees(grant.user, grant.family)
    assert policy.access_reason(grant.user, grant.family) == AccessReason.BREAK_GLASS
    assert policy.live_break_glass(grant.user, grant.family) == grant
    assert not _sees(grant.user, another)


def test_expired_break_glass_gives_nothing() -> None:
    started = timezone.now() - dt.timedelta(hours=5)
    grant: Any = BreakGlassGrantFactory(
        started_at=started, expires_at=started + dt.timedelta(hours=4)
    )
    assert not _sees(grant.user, grant.family)
    assert policy.live_break_glass(grant.user, grant.family) is None


def test_ended_break_glass_gives_nothing() -> None:
    grant: Any = BreakGlassGrantFactory(ended_at=timezone.now())
    assert not _sees(grant.user, grant.family)


def test_break_glass_grant_for_another_role_gives_nothing() -> None:
    """Only the roles allowed break-glass get the route, even if a grant row exists."""
    grant: Any = BreakGlassGrantFactory(user=UserFactory(role=Role.PARENT_SUPPORT_WORKER))
    assert not _sees(grant.user, grant.family)


def test_parent_sees_their_own_family_only() -> None:
    parent: Any = FamilyMemberFactory()
    carer: Any = CarerFactory(portal_user=parent)
    other: Any = FamilyFactory()
    assert _sees(parent, carer.family)
    assert policy.access_reason(parent, carer.family) == AccessReason.OWN_FAMILY
    assert not _sees(parent, other)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.YOUNG_PERSON])
def test_roles_with_no_route_see_no_families(role: str) -> None:
    person: Any = UserFactory(role=role)
    allocation: Any = AllocationFactory(worker=person)  # even a stray allocation row gives nothing
    share: Any = OrganisationShareFactory(organisation=person.organisation)
    assert policy.visible_families(person).count() == 0
    assert not policy.can_view_family(person, allocation.family)
    assert not policy.can_view_family(person, share.family)


def test_inactive_or_anonymous_people_see_nothing() -> None:
    from django.contrib.auth.models import AnonymousUser

    allocation: Any = AllocationFactory()
    allocation.worker.is_active = False
    allocation.worker.save()
    assert not _sees(allocation.worker, allocation.family)
    assert policy.visible_families(AnonymousUser()).count() == 0
    assert policy.access_reason(AnonymousUser(), allocation.family) is None


def test_only_managers_who_can_see_the_family_can_allocate() -> None:
    allocation: Any = AllocationFactory()
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=allocation.worker.team)
    stranger_manager: Any = UserFactory(role=Role.TEAM_MANAGER)
    allocate = policy.Action.ALLOCATE
    assert policy.can(manager, allocate, family=allocation.family)
    assert not policy.can(allocation.worker, allocate, family=allocation.family)
    assert not policy.can(stranger_manager, allocate, family=allocation.family)
