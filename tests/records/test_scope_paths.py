"""``record_scope`` finds a person's records from a list of their families (fast at scale) or,
above ``_LISTED_FAMILIES``, with organisation-wide subqueries: both ways give the same records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.records import selectors
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    ContactFactory,
    FamilyFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _world() -> dict[str, Any]:
    ours = OrganisationFactory(name="Our charity")
    council = OrganisationFactory(name="The council")
    team = TeamFactory(organisation=ours)
    worker = UserFactory(role=Role.PARENT_SUPPORT_WORKER, organisation=ours, team=team)
    manager = UserFactory(role=Role.TEAM_MANAGER, organisation=ours, team=team)
    theirs = UserFactory(
        role=Role.SOCIAL_WORKER, organisation=council, team=TeamFactory(organisation=council)
    )
    # A family both organisations work on: each sees the other's records.
    shared = FamilyFactory(lead_organisation=council)
    AllocationFactory(family=shared, worker=worker)
    AllocationFactory(family=shared, worker=theirs)
    # A family our organisation stopped working on, opened again in an emergency: only our own
    # organisation's records, not the council's.
    emergency = FamilyFactory(lead_organisation=council)
    AllocationFactory(family=emergency, worker=theirs)
    grant = BreakGlassGrantFactory(user=manager, family=emergency)
    # A family nobody here works on.
    elsewhere = FamilyFactory(lead_organisation=council)
    AllocationFactory(family=elsewhere, worker=theirs)
    police = OrganisationFactory(name="Police", kind="police")
    analyst = UserFactory(
        role=Role.POLICE_ANALYST, organisation=police, team=TeamFactory(organisation=police)
    )
    OrganisationShareFactory(family=shared, organisation=police)
    contacts = {
        "shared, ours": ContactFactory(family=shared, recorded_by=worker),
        "shared, council": ContactFactory(family=shared, recorded_by=theirs),
        "shared, council, for police": ContactFactory(
            family=shared, recorded_by=theirs, share_with_police=True
        ),
        "emergency, ours": ContactFactory(family=emergency, recorded_by=worker),
        "emergency, council": ContactFactory(family=emergency, recorded_by=theirs),
        "elsewhere, council": ContactFactory(family=elsewhere, recorded_by=theirs),
    }
    return {
        "worker": worker,
        "manager": manager,
        "theirs": theirs,
        "analyst": analyst,
        "grant": grant,
        "contacts": contacts,
    }


def _seen(user: Any, contacts: dict[str, Any]) -> set[str]:
    ids = set(selectors.visible_contacts(user).values_list("pk", flat=True))
    return {name for name, contact in contacts.items() if contact.pk in ids}


def test_each_person_sees_the_records_the_rule_gives_them() -> None:
    world = _world()
    contacts = world["contacts"]
    assert _seen(world["worker"], contacts) == {
        "shared, ours",
        "shared, council",
        "shared, council, for police",
    }
    assert _seen(world["manager"], contacts) == {
        "shared, ours",
        "shared, council",
        "shared, council, for police",
        "emergency, ours",
    }
    assert _seen(world["theirs"], contacts) == {
        "shared, ours",
        "shared, council",
        "shared, council, for police",
        "emergency, ours",
        "emergency, council",
        "elsewhere, council",
    }
    assert _seen(world["analyst"], contacts) == {"shared, council, for police"}


def test_the_listed_and_the_subquery_ways_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    world = _world()
    people = ("worker", "manager", "theirs", "analyst")
    listed = {who: _seen(world[who], world["contacts"]) for who in people}
    monkeypatch.setattr(selectors, "_LISTED_FAMILIES", 0)
    assert {who: _seen(world[who], world["contacts"]) for who in people} == listed
    # And once the emergency access ends, the manager is back to the team's own families.
    world["grant"].ended_at = timezone.now() - dt.timedelta(seconds=1)
    world["grant"].save(update_fields=["ended_at"])
    assert "emergency, ours" not in _seen(world["manager"], world["contacts"])
