"""Reading the trail: filters over whole UK days, and who may read a family's access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.http import Http404

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.selectors import AuditFilters, family_access_log, filtered_events
from relsafe.audit.services import record
from tests.factories import FamilyFactory, FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _at(when: dt.datetime, email: str) -> AuditEvent:
    with time_machine.travel(when, tick=False):
        return record(action=AuditAction.SIGN_IN, actor_email=email)


def test_in_winter_a_uk_day_is_the_utc_day() -> None:
    late = _at(dt.datetime(2026, 1, 15, 23, 30, tzinfo=dt.UTC), "w@example.org")
    day = dt.date(2026, 1, 15)
    found = filtered_events(filters=AuditFilters(actor="w@", date_from=day, date_to=day))
    assert list(found) == [late]


def test_the_clocks_going_forward_do_not_lose_an_hour() -> None:
    # 29 March 2026: UK clocks go from 01:00 GMT to 02:00 BST. The day is 23 hours long.
    start = _at(dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC), "dst@example.org")
    end = _at(dt.datetime(2026, 3, 29, 22, 59, tzinfo=dt.UTC), "dst@example.org")
    after = _at(dt.datetime(2026, 3, 29, 23, 0, tzinfo=dt.UTC), "dst@example.org")
    day = dt.date(2026, 3, 29)
    found = set(filtered_events(filters=AuditFilters(actor="dst@", date_from=day, date_to=day)))
    assert found == {start, end}
    assert after not in found


def test_filters_recorded_with_a_search_leave_out_what_was_not_asked() -> None:
    assert AuditFilters().as_detail() == {}
    assert AuditFilters(action="view", date_to=dt.date(2026, 3, 1)).as_detail() == {
        "action": "view",
        "date_to": "2026-03-01",
    }
    assert AuditFilters(sort="who", descending=False).as_detail() == {"sort": "who", "order": "asc"}


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
    parent = FamilyMemberFactory()
    family: Any = FamilyFactory()
    family.carers.create(full_name="A parent", relationship="mum", portal_user=parent)
    with pytest.raises(Http404):
        family_access_log(user=parent, family_pk=family.pk)


def test_administrator_still_sees_the_log_of_a_family_no_longer_held() -> None:
    """Erasure removes the case, not the record of who saw it: the trail outlives the data."""
    admin = UserFactory(role=Role.ADMINISTRATOR)
    record(action=AuditAction.DELETE, object_type="cases.family", object_id="4242", family_id=4242)
    log = family_access_log(user=admin, family_pk=4242)
    assert log.reference == ""
    assert [e.action for e in log.events] == [AuditAction.VIEW, AuditAction.DELETE]
