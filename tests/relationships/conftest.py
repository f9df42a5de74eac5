"""A family with an allocated worker, a young person and a small map, plus people who must not see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    ConnectionFactory,
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    PlaceConnectionFactory,
    UserFactory,
    YoungPersonFactory,
)


@dataclass
class MapWorld:
    family: Any
    young_person: Any
    worker: Any
    other_worker: Any
    police: Any
    parent: Any
    uncle: Any
    club: Any

    @property
    def map_url(self) -> str:
        return f"/families/{self.family.pk}/young-people/{self.young_person.pk}/map/"


@pytest.fixture
def world(db: Any) -> MapWorld:
    family = FamilyFactory()
    young_person = YoungPersonFactory(family=family, first_name="Jayden")
    worker = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
    AllocationFactory(family=family, worker=worker)
    other_worker = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
    force = OrganisationFactory(kind=Organisation.Kind.POLICE)
    police = UserFactory(role=Role.POLICE_ANALYST, team=None, organisation=force)
    # The share covers the map's people of concern (need-to-know, access/sections.py).
    OrganisationShareFactory(
        family=family,
        organisation=force,
        decided_by=worker,
        scopes=["identity", "people_of_concern", "marked_records"],
    )
    parent = FamilyMemberFactory()
    CarerFactory(family=family, portal_user=parent)
    uncle = ConnectionFactory(
        young_person=young_person,
        kind="family",
        name="Kwame Mensah",
        relationship="uncle",
        is_trusted_adult=True,
    )
    club = PlaceConnectionFactory(young_person=young_person, name="Eastside Boxing Club")
    return MapWorld(family, young_person, worker, other_worker, police, parent, uncle, club)
