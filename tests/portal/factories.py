"""Factories for the portal's own models, built on tests/factories.py."""

from __future__ import annotations

from typing import Any

import factory

from relsafe.accounts.roles import Role
from relsafe.portal.models import CheckIn, YoungPersonSpace
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
    YoungPersonFactory,
)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(FamilyMemberFactory)
    coping = 3
    understanding = 3
    confidence = 3


class YoungPersonSpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPersonSpace

    young_person = factory.SubFactory(YoungPersonFactory)
    is_on = True
    changed_by = factory.SubFactory(UserFactory)


class PortalScene:
    """A family with an allocated worker, a parent and a young person (each with an account),
    and another family with its own parent."""

    def __init__(self) -> None:
        self.family: Any = FamilyFactory()
        self.worker: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
        AllocationFactory(family=self.family, worker=self.worker, is_lead=True)
        self.parent: Any = FamilyMemberFactory()
        self.carer: Any = CarerFactory(family=self.family, portal_user=self.parent)
        self.child_user: Any = FamilyMemberFactory(role=Role.YOUNG_PERSON)
        self.child: Any = YoungPersonFactory(family=self.family, portal_user=self.child_user)
        self.other_family: Any = FamilyFactory()
        self.other_parent: Any = FamilyMemberFactory()
        self.other_carer: Any = CarerFactory(
            family=self.other_family, portal_user=self.other_parent
        )
        self.other_worker: Any = UserFactory(role=Role.PARENT_SUPPORT_WORKER)
        AllocationFactory(family=self.other_family, worker=self.other_worker)
