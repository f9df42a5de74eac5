"""Who manages whom, called as services (as the admin, a command or the future API would): an
administrator manages only their own organisation's people, nobody changes their own role or
team, and a change that opens case data waits for a second administrator of the organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import selectors, services
from relsafe.accounts.models import Organisation, RoleChangeRequest, Team, User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import NotPermitted, Work, needs_approval
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent, a_worker, is_signed_in
from tests.factories import (
    AllocationFactory,
    FamilyFactory,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
)

SignedIn = Callable[[User], Client]


@dataclass
class World:
    charity: Organisation
    police: Organisation
    north: Team
    south: Team
    robin: User  # the charity's administrator
    jo: User  # the charity's second administrator
    kim: User  # the charity's third administrator
    alex: User  # parent support worker, south team
    sam: User  # parent support worker, north team, allocated to the family
    priya: User  # police analyst
    family: Any  # led by the charity, carried by the north team


@pytest.fixture
def world(db: Any) -> World:
    charity = cast(Organisation, OrganisationFactory(name="Northbridge Parents Together"))
    police = cast(
        Organisation, OrganisationFactory(name="Northbridge Police", kind=Organisation.Kind.POLICE)
    )
    north = cast(Team, TeamFactory(organisation=charity, name="North"))
    south = cast(Team, TeamFactory(organisation=charity, name="South"))

    def admin(name: str) -> User:
        return a_worker(
            role=Role.ADMINISTRATOR, team=None, organisation=charity, full_name=name, is_staff=True
        )

    sam = a_worker(team=north, full_name="Sam Okoro")
    family = FamilyFactory(lead_organisation=charity, reference="RS-0001")
    AllocationFactory(family=family, worker=sam, is_lead=True)
    return World(
        charity=charity,
        police=police,
        north=north,
        south=south,
        robin=admin("Robin Lee"),
        jo=admin("Jo Bennett"),
        kim=admin("Kim Ashworth"),
        alex=a_worker(team=south, full_name="Alex Morgan"),
        sam=sam,
        priya=a_worker(
            role=Role.POLICE_ANALYST, team=TeamFactory(organisation=police), full_name="Priya"
        ),
        family=family,
    )


def refused(person: User, reason: str) -> bool:
    return AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_id=str(person.pk), reason__contains=reason
    ).exists()


def refused_anyone(reason: str) -> bool:
    return AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, reason__contains=reason
    ).exists()


# --- an administrator manages their own organisation only ----------------------------------------


def test_an_administrator_sees_only_their_own_organisations_people(world: World) -> None:
    parent_here = a_parent(organisation=world.charity)
    parent_nowhere = a_parent()
    people = set(selectors.manageable_people(actor=world.robin))
    assert {world.alex, world.sam, world.robin, parent_here} <= people
    assert world.priya not in people
    assert parent_nowhere not in people
    assert set(selectors.manageable_teams(actor=world.robin)) == {world.north, world.south}
    assert list(selectors.manageable_organisations(actor=world.robin)) == [world.charity]
    # Nobody else manages anyone.
    assert not selectors.manageable_people(actor=world.alex).exists()


def test_an_administrator_cannot_change_another_organisations_people(world: World) -> None:
    attempts = [
        lambda: services.change_role(
            user=world.priya, role=Role.COMMISSIONER, changed_by=world.robin
        ),
        lambda: services.deactivate_person(user=world.priya, deactivated_by=world.robin),
        lambda: services.reactivate_person(user=world.priya, reactivated_by=world.robin),
        lambda: services.remove_authenticator(
            user=world.priya, removed_by=world.robin, reason="administrator reset"
        ),
        lambda: services.end_sessions(user=world.priya, ended_by=world.robin),
    ]
    TOTPDeviceFactory(user=world.priya)
    for attempt in attempts:
        with pytest.raises(NotPermitted):
            attempt()
    world.priya.refresh_from_db()
    assert world.priya.role == Role.POLICE_ANALYST
    assert world.priya.is_active
    assert TOTPDevice.objects.filter(user=world.priya).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED,
        actor_id=world.robin.pk,
        object_id=str(world.priya.pk),
        reason="administrators manage only the people of their own organisation",
    ).count() == len(attempts)


def test_nobody_but_an_administrator_changes_anyones_work(world: World) -> None:
    with pytest.raises(NotPermitted):
        services.change_role(user=world.alex, role=Role.COMMISSIONER, changed_by=world.sam)
    world.alex.refresh_from_db()
    assert world.alex.role == Role.PARENT_SUPPORT_WORKER


def test_an_administrator_cannot_add_people_to_another_organisation(world: World) -> None:
    analyst = User(
        email="new.analyst@example.org",
        full_name="New Analyst",
        role=Role.POLICE_ANALYST,
        organisation=world.police,
    )
    with pytest.raises(NotPermitted):
        services.add_person(person=analyst, added_by=world.robin)
    assert not User.objects.filter(email="new.analyst@example.org").exists()
    assert refused_anyone("administrators add people only to their own organisation")


def test_a_police_role_fits_only_a_police_force(world: World) -> None:
    analyst = User(
        email="charity.analyst@example.org",
        full_name="Not Police",
        role=Role.POLICE_ANALYST,
        organisation=world.charity,
    )
    with pytest.raises(ValidationError) as error:
        services.add_person(person=analyst, added_by=world.robin)
    assert "police force" in str(error.value)
    with pytest.raises(ValidationError):
        services.change_role(user=world.alex, role=Role.POLICE_ANALYST, changed_by=world.robin)
    assert not User.objects.filter(email="charity.analyst@example.org").exists()


def test_a_team_must_be_in_the_persons_organisation(world: World) -> None:
    police_team = cast(Team, world.priya.team)
    with pytest.raises(ValidationError):
        services.change_work(
            person=world.alex,
            role=world.alex.role,
            team=police_team,
            is_active=True,
            changed_by=world.robin,
        )


# --- nobody changes their own role or team: the attack from the review ---------------------------


def test_an_administrator_cannot_promote_themselves_and_open_a_family(
    world: World, signed_in: SignedIn
) -> None:
    family_page = reverse("cases:family", args=[world.family.pk])
    with pytest.raises(NotPermitted):
        services.change_role(user=world.robin, role=Role.TEAM_MANAGER, changed_by=world.robin)
    with pytest.raises(NotPermitted):
        services.change_work(
            person=world.robin,
            role=Role.TEAM_MANAGER,
            team=world.north,
            is_active=True,
            changed_by=world.robin,
        )
    assert refused(world.robin, "nobody changes their own role or team")
    world.robin.refresh_from_db()
    assert (world.robin.role, world.robin.team) == (Role.ADMINISTRATOR, None)
    # Signed in again, the family is still closed to them.
    assert signed_in(world.robin).get(family_page).status_code == 403

    # A colleague asking for it is not enough either: it waits for a second administrator, and
    # neither the person nor whoever asked can be that second administrator.
    waiting = services.change_work(
        person=world.robin,
        role=Role.TEAM_MANAGER,
        team=world.north,
        is_active=True,
        changed_by=world.jo,
    )
    assert waiting is not None
    for decider in (world.robin, world.jo):
        with pytest.raises(NotPermitted):
            services.approve_role_change(change=waiting, approved_by=decider)
    assert refused(world.robin, "nobody decides a change to themselves")
    assert refused(world.robin, "needs a second administrator's approval")
    world.robin.refresh_from_db()
    assert world.robin.role == Role.ADMINISTRATOR
    assert signed_in(world.robin).get(family_page).status_code == 403

    # Only when two administrators agree is it made, and the family opens to them.
    services.approve_role_change(change=waiting, approved_by=world.kim)
    world.robin.refresh_from_db()
    assert (world.robin.role, world.robin.team) == (Role.TEAM_MANAGER, world.north)
    assert signed_in(world.robin).get(family_page).status_code == 200


# --- changes that open case data wait for a second administrator ---------------------------------


PSW, SW, TM, POLICE, ADMIN, COMMISSIONER = (
    Role.PARENT_SUPPORT_WORKER,
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.POLICE_ANALYST,
    Role.ADMINISTRATOR,
    Role.COMMISSIONER,
)


@pytest.mark.parametrize(
    ("before", "after", "waits"),
    [
        # Opening a route to case data, or the administrator's reach, waits.
        (Work(COMMISSIONER, None, True), Work(PSW, None, True), True),
        (Work(PSW, 1, True), Work(TM, 1, True), True),
        (Work(SW, None, True), Work(POLICE, None, True), True),
        (Work(PSW, None, True), Work(ADMIN, None, True), True),
        (Work(PSW, 1, True), Work(PSW, 2, True), True),  # moving into a team
        (Work(COMMISSIONER, None, True), Work(COMMISSIONER, 1, True), True),
        (Work(PSW, 1, False), Work(PSW, 1, True), True),  # switching a caseworker back on
        # Taking access away, or changing nothing that opens anything, never waits.
        (Work(TM, 1, True), Work(PSW, 1, True), False),
        (Work(PSW, 1, True), Work(SW, 1, True), False),
        (Work(SW, 1, True), Work(COMMISSIONER, 1, True), False),
        (Work(PSW, 1, True), Work(PSW, None, True), False),
        (Work(TM, 1, True), Work(TM, 1, False), False),
        (Work(TM, 1, False), Work(ADMIN, 2, False), False),  # while switched off
        (Work(COMMISSIONER, None, False), Work(COMMISSIONER, None, True), False),
        (Work(Role.PARENT, None, False), Work(Role.PARENT, None, True), False),
    ],
)
def test_which_changes_wait_for_a_second_administrator(
    before: Work, after: Work, waits: bool
) -> None:
    assert needs_approval(before, after) is waits


def test_a_waiting_change_changes_nothing_until_approved(world: World) -> None:
    waiting = services.change_work(
        person=world.alex, role=TM, team=world.south, is_active=True, changed_by=world.robin
    )
    assert waiting is not None
    world.alex.refresh_from_db()
    assert world.alex.role == PSW
    assert list(selectors.role_changes_for(actor=world.jo)) == [waiting]
    assert not selectors.role_changes_for(actor=world.priya).exists()
    asked = AuditEvent.objects.get(
        action=AuditAction.PERMISSION_CHANGE, object_id=str(world.alex.pk)
    )
    assert asked.actor_id == world.robin.pk
    assert asked.reason == "waiting for a second administrator's approval"
    assert asked.detail == {
        "approval": "requested",
        "request": waiting.pk,
        "from": {"role": PSW, "team": world.south.pk, "active": True},
        "to": {"role": TM, "team": world.south.pk, "active": True},
    }
    approved = services.approve_role_change(change=waiting, approved_by=world.jo)
    assert approved.status == RoleChangeRequest.Status.APPROVED
    world.alex.refresh_from_db()
    assert world.alex.role == TM
    entries = AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_CHANGE, object_id=str(world.alex.pk), actor_id=world.jo.pk
    )
    assert {e.detail.get("approval") for e in entries} == {"approved", None}
    made = entries.get(detail__from=PSW)
    assert made.detail == {"from": PSW, "to": TM, "approved": waiting.pk}


def test_another_administrator_rejects_and_nothing_changes(world: World) -> None:
    waiting = cast(
        RoleChangeRequest,
        services.change_role(user=world.alex, role=Role.ADMINISTRATOR, changed_by=world.robin),
    )
    rejected = services.reject_role_change(change=waiting, rejected_by=world.jo)
    assert rejected.status == RoleChangeRequest.Status.REJECTED
    assert rejected.decided_by == world.jo
    world.alex.refresh_from_db()
    assert world.alex.role == PSW
    assert not world.alex.is_staff
    # A decided request cannot be approved afterwards.
    assert services.approve_role_change(change=waiting, approved_by=world.kim).status == (
        RoleChangeRequest.Status.REJECTED
    )
    world.alex.refresh_from_db()
    assert world.alex.role == PSW
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_CHANGE,
        actor_id=world.jo.pk,
        detail__approval="rejected",
    ).exists()


def test_whoever_asked_may_withdraw_it(world: World) -> None:
    waiting = cast(
        RoleChangeRequest,
        services.change_role(user=world.alex, role=TM, changed_by=world.robin),
    )
    withdrawn = services.reject_role_change(change=waiting, rejected_by=world.robin)
    assert withdrawn.status == RoleChangeRequest.Status.WITHDRAWN


def test_another_organisations_administrator_cannot_decide(world: World) -> None:
    police_admin = a_worker(
        role=Role.ADMINISTRATOR, team=None, organisation=world.police, is_staff=True
    )
    waiting = cast(
        RoleChangeRequest, services.change_role(user=world.alex, role=TM, changed_by=world.robin)
    )
    with pytest.raises(NotPermitted):
        services.approve_role_change(change=waiting, approved_by=police_admin)
    with pytest.raises(NotPermitted):
        services.reject_role_change(change=waiting, rejected_by=police_admin)
    waiting.refresh_from_db()
    assert waiting.status == RoleChangeRequest.Status.PENDING


def test_a_new_request_replaces_the_one_waiting(world: World) -> None:
    first = cast(
        RoleChangeRequest, services.change_role(user=world.alex, role=TM, changed_by=world.robin)
    )
    second = cast(
        RoleChangeRequest,
        services.change_role(user=world.alex, role=Role.ADMINISTRATOR, changed_by=world.jo),
    )
    first.refresh_from_db()
    assert first.status == RoleChangeRequest.Status.WITHDRAWN
    assert second.status == RoleChangeRequest.Status.PENDING
    assert selectors.pending_role_change(person=world.alex) == second


def test_an_approval_after_the_persons_work_changed_makes_nothing(world: World) -> None:
    waiting = cast(
        RoleChangeRequest, services.change_role(user=world.alex, role=TM, changed_by=world.robin)
    )
    services.deactivate_person(user=world.alex, deactivated_by=world.robin)
    decided = services.approve_role_change(change=waiting, approved_by=world.jo)
    assert decided.status == RoleChangeRequest.Status.WITHDRAWN
    world.alex.refresh_from_db()
    assert world.alex.role == PSW
    assert not world.alex.is_active
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_CHANGE, detail__approval="out of date"
    ).exists()


def test_taking_access_away_is_made_at_once(world: World, signed_in: SignedIn) -> None:
    manager = a_worker(role=TM, team=world.north, organisation=world.charity)
    client = signed_in(manager)
    assert (
        services.change_work(
            person=manager, role=PSW, team=None, is_active=True, changed_by=world.robin
        )
        is None
    )
    manager.refresh_from_db()
    assert (manager.role, manager.team) == (PSW, None)
    assert not is_signed_in(client)  # a role change ends their sessions
    services.deactivate_person(user=world.sam, deactivated_by=world.robin)
    world.sam.refresh_from_db()
    assert not world.sam.is_active


def test_switching_a_caseworker_back_on_waits(world: World) -> None:
    services.deactivate_person(user=world.alex, deactivated_by=world.robin)
    waiting = services.reactivate_person(user=world.alex, reactivated_by=world.robin)
    assert waiting is not None
    world.alex.refresh_from_db()
    assert not world.alex.is_active
    services.approve_role_change(change=waiting, approved_by=world.jo)
    world.alex.refresh_from_db()
    assert world.alex.is_active


def test_a_new_caseworker_is_added_switched_off_until_approved(world: World) -> None:
    newcomer = User(
        email="tom@example.org",
        full_name="Tom Brennan",
        role=PSW,
        organisation=world.charity,
        team=world.north,
    )
    newcomer.set_password("lantern orchard violet")
    waiting = services.add_person(person=newcomer, added_by=world.robin)
    assert waiting is not None
    assert waiting.new_person
    newcomer.refresh_from_db()
    assert not newcomer.is_active
    assert newcomer.groups.get().name == PSW.label
    services.approve_role_change(change=waiting, approved_by=world.jo)
    newcomer.refresh_from_db()
    assert newcomer.is_active
    assert newcomer.team == world.north


def test_a_commissioner_is_added_at_once(world: World) -> None:
    newcomer = User(
        email="hannah@example.org",
        full_name="Hannah",
        role=COMMISSIONER,
        organisation=world.charity,
    )
    assert services.add_person(person=newcomer, added_by=world.robin) is None
    newcomer.refresh_from_db()
    assert newcomer.is_active
