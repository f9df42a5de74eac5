"""Who may read a family's access log ("who has viewed this record"): a manager whose team carries
the family, or an administrator reviewing the trail, even after the family is gone."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from relsafe.cases.selectors import family_access_log
from tests.factories import FamilyFactory, FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    [Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.POLICE_ANALYST, Role.COMMISSIONER],
)
def test_no_other_role_reads_a_family_access_log(role: str) -> None:
    family: Any = FamilyFactory()
    person: Any = UserFactory(role=role)
    with pytest.raises(Http404):
        family_access_log(user=person, family_pk=family.pk)
    assert AuditEvent.objects.filter(actor_id=person.pk, action=AuditAction.ACCESS_DENIED).exists()


def test_a_parent_cannot_read_even_their_own_familys_access_log() -> None:
    parent: Any = FamilyMemberFactory()
    family: Any = FamilyFactory()
    family.carers.create(full_name="A parent", relationship="mum", portal_user=parent)
    with pytest.raises(Http404):
        family_access_log(user=parent, family_pk=family.pk)


def test_administrator_still_sees_the_log_of_a_family_no_longer_held() -> None:
    """Erasure removes the case, not the record of who saw it: the trail outlives the data."""
    admin: Any = UserFactory(role=Role.ADMINISTRATOR)
    record(action=AuditAction.DELETE, object_type="cases.family", object_id="4242", family_id=4242)
    log = family_access_log(user=admin, family_pk=4242)
    assert log.reference == ""
    assert [e.action for e in log.events] == [AuditAction.VIEW, AuditAction.DELETE]
