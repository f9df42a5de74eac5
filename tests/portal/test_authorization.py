"""Each portal service, called directly by the people who must be refused: a refusal is raised,
audited once with what was attempted, and nothing is saved (ARCHITECTURE.md, "Where access is
decided")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from relsafe.access.policy import NotAllowed
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.portal import services
from relsafe.portal.models import CheckIn, Invitation, Message, SpaceEntry, YoungPersonSpace
from tests.factories import CarerFactory, UserFactory
from tests.portal.factories import PortalScene, YoungPersonSpaceFactory

pytestmark = pytest.mark.django_db

Call = Callable[[PortalScene, Any], Any]


def _carer(scene: PortalScene) -> Any:
    return CarerFactory(family=scene.family)


CALLS: dict[str, tuple[str, Call, type[Any]]] = {
    "invite": (
        "invite_to_portal",
        lambda s, who: services.invite_family_member(
            actor=who, person=_carer(s), email="x@example.org"
        ),
        Invitation,
    ),
    "message": (
        "message_family",
        lambda s, who: services.send_message(actor=who, family=s.family, body="Hello"),
        Message,
    ),
    "check_in": (
        "check_in",
        lambda s, who: services.record_check_in(
            actor=who, family=s.family, coping=3, understanding=3, confidence=3
        ),
        CheckIn,
    ),
    "switch_space": (
        "switch_space",
        lambda s, who: services.switch_space(actor=who, young_person=s.child, on=True),
        YoungPersonSpace,
    ),
    "space_entry": (
        "use_space",
        lambda s, who: services.record_space_entry(
            actor=who, young_person=s.child, trusted_adult="Mum"
        ),
        SpaceEntry,
    ),
}

# Who must be refused each call, by name on the scene (or a role for a stranger).
REFUSED: dict[str, tuple[str, ...]] = {
    "invite": ("other_worker", "parent", "child_user", "police_analyst", "commissioner"),
    "message": ("other_worker", "other_parent", "child_user", "police_analyst", "commissioner"),
    "check_in": ("worker", "other_parent", "child_user", "commissioner"),
    "switch_space": ("other_worker", "parent", "child_user", "police_analyst"),
    "space_entry": ("worker", "parent", "other_parent", "commissioner"),
}


def _person(scene: PortalScene, who: str) -> Any:
    if hasattr(scene, who):
        return getattr(scene, who)
    return UserFactory(role=Role(who))


@pytest.mark.parametrize(
    ("call", "who"),
    [(call, who) for call, people in REFUSED.items() for who in people],
)
def test_the_service_refuses_audits_and_saves_nothing(call: str, who: str) -> None:
    scene = PortalScene()
    YoungPersonSpaceFactory(young_person=scene.child, is_on=False)
    attempted, function, model = CALLS[call]
    before = model.objects.count()
    with pytest.raises(NotAllowed):
        function(scene, _person(scene, who))
    assert model.objects.count() == before
    refusals = AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED)
    assert refusals.count() == 1
    recorded = refusals.get().detail["attempted"]
    # A family member writing in a thread is asked as the family's side.
    assert recorded in {attempted, "message_worker"}
