"""A small world for records tests: one family with a team around it from three organisations,
and people who should not see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from relsafe.accounts.models import Organisation, User
from relsafe.accounts.roles import Role
from relsafe.cases.models import Family, YoungPerson
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    TeamFactory,
    UserFactory,
    YoungPersonFactory,
)


@dataclass
class RecordsWorld:
    charity: Organisation
    council: Organisation
    police: Organisation
    family: Family
    young_person: YoungPerson
    sibling: YoungPerson
    other_family: Family
    worker: User
    other_worker: User
    manager: User
    other_manager: User
    social_worker: User
    police_analyst: User
    commissioner: User
    administrator: User
    parent: User
    other_parent: User
    young_person_user: User

    def person(self, key: str) -> User:
        person: User = getattr(self, key)
        return person


@pytest.fixture
def world(db: Any) -> RecordsWorld:
    charity = OrganisationFactory.create(kind=Organisation.Kind.CHARITY)
    council = OrganisationFactory.create(kind=Organisation.Kind.COUNCIL)
    police = OrganisationFactory.create(kind=Organisation.Kind.POLICE)
    team = TeamFactory.create(organisation=charity)
    other_team = TeamFactory.create(organisation=charity)
    worker = UserFactory.create(team=team, full_name="Sam Worker")
    other_worker = UserFactory.create(team=other_team)
    manager = UserFactory.create(team=team, role=Role.TEAM_MANAGER)
    other_manager = UserFactory.create(team=other_team, role=Role.TEAM_MANAGER)
    social_worker = UserFactory.create(
        team=TeamFactory.create(organisation=council), role=Role.SOCIAL_WORKER
    )
    police_analyst = UserFactory.create(
        team=TeamFactory.create(organisation=police), role=Role.POLICE_ANALYST
    )
    commissioner = UserFactory.create(team=None, organisation=council, role=Role.COMMISSIONER)
    administrator = UserFactory.create(team=None, organisation=charity, role=Role.ADMINISTRATOR)
    family = FamilyFactory.create(lead_organisation=charity)
    young_person = YoungPersonFactory.create(family=family, first_name="Jayden", preferred_name="")
    sibling = YoungPersonFactory.create(family=family, first_name="Amara", preferred_name="")
    other_family = FamilyFactory.create(lead_organisation=charity)
    YoungPersonFactory.create(family=other_family)
    AllocationFactory.create(family=family, worker=worker, is_lead=True)
    AllocationFactory.create(family=family, worker=social_worker, role_on_case="Social worker")
    AllocationFactory.create(family=other_family, worker=other_worker)
    # The share covers missing episodes and what is marked for police (access/sections.py).
    OrganisationShareFactory.create(
        family=family,
        organisation=police,
        decided_by=worker,
        scopes=["identity", "missing_episodes", "marked_records"],
    )
    parent = FamilyMemberFactory.create()
    CarerFactory.create(family=family, portal_user=parent)
    other_parent = FamilyMemberFactory.create()
    CarerFactory.create(family=other_family, portal_user=other_parent)
    young_person_user = FamilyMemberFactory.create(role=Role.YOUNG_PERSON)
    return RecordsWorld(
        charity=charity,
        council=council,
        police=police,
        family=family,
        young_person=young_person,
        sibling=sibling,
        other_family=other_family,
        worker=worker,
        other_worker=other_worker,
        manager=manager,
        other_manager=other_manager,
        social_worker=social_worker,
        police_analyst=police_analyst,
        commissioner=commissioner,
        administrator=administrator,
        parent=parent,
        other_parent=other_parent,
        young_person_user=young_person_user,
    )
