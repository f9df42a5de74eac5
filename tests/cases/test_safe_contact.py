"""Safe-contact decisions: nothing is sent and nobody rings without one, and each new decision
supersedes the last without losing it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import selectors, services
from relsafe.cases.models import SafeContactDecision
from tests import factories
from tests.factories import allocated_family

UserFactory: Any = factories.UserFactory
CarerFactory: Any = factories.CarerFactory
YoungPersonFactory: Any = factories.YoungPersonFactory
OrganisationShareFactory: Any = factories.OrganisationShareFactory

pytestmark = pytest.mark.django_db


def test_a_worker_records_when_and_how_a_parent_may_be_texted() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    mum = CarerFactory(family=family)
    decision = services.record_safe_contact(
        actor=worker,
        person=mum,
        notify_by="text",
        phone="07700 900982",
        may_phone=True,
        safe_from=dt.time(9),
        safe_until=dt.time(18),
        what_may_be_said="Say you are calling from school.",
    )
    assert decision.phone == "+447700900982"
    assert decision.hours_label == "09:00 to 18:00"
    assert selectors.current_safe_contact(mum) == decision
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(decision.pk)).get()
    assert "900982" not in str(event.detail)  # the number itself is never in the trail


def test_a_new_decision_supersedes_the_last_and_both_are_kept() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    mum = CarerFactory(family=family)
    first = services.record_safe_contact(
        actor=worker, person=mum, notify_by="email", email="mum@example.org"
    )
    second = services.record_safe_contact(actor=worker, person=mum, notify_by="none")
    assert selectors.current_safe_contact(mum) == second
    assert SafeContactDecision.objects.filter(pk=first.pk).exists()
    current = selectors.safe_contacts_for_family(user=worker, family=family)
    assert current == {f"carer:{mum.pk}": second}


def test_a_childs_phone_is_named_by_the_decision_or_not_texted() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    child = YoungPersonFactory(family=family)
    with pytest.raises(ValidationError) as caught:
        services.record_safe_contact(actor=worker, person=child, notify_by="text")
    assert caught.value.message_dict == {"phone": ["Enter the mobile number that is safe to text"]}
    assert selectors.current_safe_contact(child) is None


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"notify_by": "email"}, {"email"}),
        ({"notify_by": "none", "may_phone": True}, {"phone"}),
        ({"notify_by": "none", "phone": "12"}, {"phone"}),
        ({"notify_by": "none", "safe_from": dt.time(9)}, {"safe_from"}),
        ({"notify_by": "pigeon"}, {"notify_by"}),
    ],
)
def test_each_mistake_is_named_beside_its_box(fields: dict[str, Any], errors: set[str]) -> None:
    worker = UserFactory()
    mum = CarerFactory(family=allocated_family(worker))
    with pytest.raises(ValidationError) as caught:
        services.record_safe_contact(actor=worker, person=mum, **fields)
    assert set(caught.value.message_dict) == errors
    assert not SafeContactDecision.objects.exists()


def test_police_who_can_read_the_family_cannot_decide_how_to_reach_it() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    mum = CarerFactory(family=family)
    analyst = UserFactory(role=Role.POLICE_ANALYST)
    OrganisationShareFactory(family=family, organisation=analyst.organisation)
    with pytest.raises(PermissionDenied):
        services.record_safe_contact(actor=analyst, person=mum, notify_by="none")
    assert not SafeContactDecision.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "inside", "outside"),
    [
        (dt.time(9), dt.time(18), dt.time(12), dt.time(20)),
        (dt.time(20), dt.time(7), dt.time(23, 30), dt.time(12)),  # overnight window
    ],
)
def test_messages_only_inside_the_safe_hours(
    start: dt.time, end: dt.time, inside: dt.time, outside: dt.time
) -> None:
    decision = SafeContactDecision(notify_by="email", safe_from=start, safe_until=end)
    assert decision.allows_message_at(inside)
    assert not decision.allows_message_at(outside)
    assert not SafeContactDecision(notify_by="none").allows_message_at(inside)
