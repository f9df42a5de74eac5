"""The Django admin: only verified administrators, each for their own organisation's people only,
never its own password-only login, every change audited, and role, team and active-flag changes
with the same effects (and the same second-administrator approval) as the services."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import services
from relsafe.accounts.models import Organisation, RoleChangeRequest, Team, User, UserSession
from relsafe.accounts.reauth import REAUTH_SESSION_KEY
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent, a_worker, enter_password, is_signed_in
from tests.conftest import identity_confirmed
from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    FamilyFactory,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
)

SignedIn = Callable[[User], Client]


@pytest.fixture
def administrator(db: Any) -> User:
    return services.create_person(
        email="robin.admin@example.org",
        full_name="Robin Admin",
        role=Role.ADMINISTRATOR,
        password=TEST_PASSWORD,
        organisation=cast(Organisation, OrganisationFactory()),
    )


def colleague(administrator: User, **fields: Any) -> User:
    """Someone in the administrator's own organisation (in a team of it, unless told)."""
    organisation = administrator.organisation
    fields.setdefault("team", TeamFactory(organisation=organisation))
    return a_worker(organisation=organisation, **fields)


def family_member(administrator: User, **fields: Any) -> User:
    return a_parent(organisation=administrator.organisation, **fields)


@pytest.fixture
def admin_client(administrator: User, signed_in: SignedIn) -> Client:
    """Signed in with MFA and identity confirmed in the last few minutes, as changing people in
    the admin needs."""
    client = signed_in(administrator)
    session = client.session
    session[REAUTH_SESSION_KEY] = time.time()
    session.save()
    return client


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def form_data(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "organisation": user.organisation_id or "",
        "team": user.team_id or "",
        "is_active": "on" if user.is_active else "",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_signed_out_visitors_go_to_relsafes_two_step_sign_in(db: Any) -> None:
    client = Client()
    response = client.get("/admin/")
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next=%2Fadmin%2F"
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert (
        response["Location"] == f"{reverse('accounts:sign-in')}?next=%2Fadmin%2Faccounts%2Fuser%2F"
    )


def test_the_admins_own_password_login_cannot_be_used(administrator: User) -> None:
    client = Client()
    response = client.post(
        "/admin/login/", {"username": administrator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:sign-in"))


def test_a_verified_administrator_reaches_the_admin(admin_client: Client) -> None:
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    for section in ("Organisations", "Teams", "Users", "User sessions"):
        assert section in page
    # Groups follow roles, and device secrets never appear.
    assert "/admin/auth/group/" not in page
    assert "otp_totp" not in page
    assert admin_client.get("/admin/login/")["Location"] == "/admin/"


@pytest.mark.parametrize(
    "make",
    [
        lambda: a_worker(role=Role.PARENT_SUPPORT_WORKER, is_staff=True),
        lambda: a_worker(role=Role.TEAM_MANAGER),
        lambda: a_worker(role=Role.ADMINISTRATOR, is_staff=False),
        lambda: a_parent(is_staff=True),
    ],
    ids=["worker-with-flag", "manager", "administrator-without-flag", "parent-with-flag"],
)
def test_nobody_else_gets_in_and_the_attempt_is_audited(
    db: Any, signed_in: SignedIn, make: Callable[[], User]
) -> None:
    person = make()
    client = signed_in(person)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=person.pk, object_id="/admin/"
    ).exists()


def test_an_administrator_without_mfa_in_this_session_is_signed_out(administrator: User) -> None:
    client = Client()
    client.force_login(administrator, backend="relsafe.accounts.backends.EmailBackend")
    assert client.get("/admin/")["Location"] == reverse("accounts:sign-in")
    assert not is_signed_in(client)


def test_people_list_filters_and_searches(admin_client: Client, administrator: User) -> None:
    team = cast(Team, TeamFactory(name="Harbour team", organisation=administrator.organisation))
    worker = colleague(administrator, full_name="Wendy Harbour", team=team)
    parent = family_member(administrator, full_name="Percy Family")
    inactive = colleague(administrator, full_name="Ivan Inactive", is_active=False)
    outsider = a_worker(full_name="Olive Elsewhere")  # another organisation
    url = reverse("admin:accounts_user_changelist")
    everyone = admin_client.get(url).content.decode()
    assert worker.full_name in everyone
    assert parent.full_name in everyone
    assert outsider.full_name not in everyone
    by_role = admin_client.get(url, {"role__exact": Role.PARENT}).content.decode()
    assert parent.full_name in by_role
    assert worker.full_name not in by_role
    by_team = admin_client.get(url, {"team__id__exact": team.pk}).content.decode()
    assert worker.full_name in by_team
    assert parent.full_name not in by_team
    by_active = admin_client.get(url, {"is_active__exact": "0"}).content.decode()
    assert inactive.full_name in by_active
    assert worker.full_name not in by_active
    searched = admin_client.get(url, {"q": "harbour"}).content.decode()
    assert worker.full_name in searched
    assert parent.full_name not in searched
    # The team filter offers only teams people are in here, never another organisation's.
    assert cast(Team, outsider.team).name not in everyone


def test_the_password_hash_is_never_shown_in_the_admin(
    admin_client: Client, administrator: User
) -> None:
    person = colleague(administrator)
    page = admin_client.get(change_url(person)).content.decode()
    assert 'name="password' not in page
    assert "argon2" not in page
    assert "algorithm" not in page


def test_an_administrator_resets_a_forgotten_password_without_touching_mfa(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator)
    their_client = signed_in(person)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    short = admin_client.post(url, {"password1": "too short 14ch", "password2": "too short 14ch"})
    assert "at least 15 characters" in short.content.decode()
    response = admin_client.post(
        url, {"password1": "lantern orchard violet", "password2": "lantern orchard violet"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("lantern orchard violet")
    assert not is_signed_in(their_client)
    assert TOTPDevice.objects.filter(user=person).exists()
    entry = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE, object_id=str(person.pk))
    assert entry.actor_id == administrator.pk
    assert "password" in entry.reason.lower()
    assert "lantern" not in str(entry.detail) + entry.reason
    # Signing in with the new password still needs the code.
    assert enter_password(Client(), person.email, "lantern orchard violet")["Location"] == (
        reverse("accounts:sign-in-code")
    )


def test_a_role_change_that_narrows_access_is_made_at_once_as_the_service_makes_it(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator, role=Role.SOCIAL_WORKER)
    their_client = signed_in(person)
    response = admin_client.post(change_url(person), form_data(person, role=Role.COMMISSIONER))
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.role == Role.COMMISSIONER
    assert not person.is_staff
    assert list(person.groups.values_list("name", flat=True)) == [Role.COMMISSIONER.label]
    change = AuditEvent.objects.get(action=AuditAction.PERMISSION_CHANGE, object_id=str(person.pk))
    assert change.actor_id == administrator.pk
    assert change.detail == {"from": Role.SOCIAL_WORKER, "to": Role.COMMISSIONER}
    assert not is_signed_in(their_client)
    admin_entry = AuditEvent.objects.get(
        action=AuditAction.ADMIN_CHANGE, object_type="accounts.user", object_id=str(person.pk)
    )
    assert admin_entry.actor_id == administrator.pk
    assert "Role" in admin_entry.reason
    assert admin_entry.ip_address == "127.0.0.1"


def test_a_role_change_that_opens_case_data_waits_for_a_second_administrator(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator, role=Role.PARENT_SUPPORT_WORKER)
    their_client = signed_in(person)
    page = admin_client.post(
        change_url(person), form_data(person, role=Role.TEAM_MANAGER), follow=True
    ).content.decode()
    assert "waits for another administrator" in page
    person.refresh_from_db()
    assert person.role == Role.PARENT_SUPPORT_WORKER  # nothing changed yet
    assert is_signed_in(their_client)
    waiting = RoleChangeRequest.objects.get(person=person)
    assert waiting.status == RoleChangeRequest.Status.PENDING
    assert (waiting.from_role, waiting.to_role) == (Role.PARENT_SUPPORT_WORKER, Role.TEAM_MANAGER)
    assert waiting.requested_by == administrator
    asked = AuditEvent.objects.get(action=AuditAction.PERMISSION_CHANGE, object_id=str(person.pk))
    assert asked.detail["approval"] == "requested"
    assert asked.actor_id == administrator.pk
    admin_entry = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE, object_id=str(person.pk))
    assert "Not yet made" in admin_entry.reason
    # The person's page says what is waiting.
    assert "Parent support worker to Team manager" in (
        admin_client.get(change_url(person)).content.decode()
    )
    # Whoever asked cannot approve it.
    requests_url = reverse("admin:accounts_rolechangerequest_changelist")
    refused = admin_client.post(
        requests_url,
        {"action": "approve_selected", "_selected_action": [waiting.pk]},
        follow=True,
    ).content.decode()
    assert "needs a second administrator" in refused
    person.refresh_from_db()
    assert person.role == Role.PARENT_SUPPORT_WORKER
    # A second administrator of the organisation approves it: only now is it made.
    second = colleague(administrator, role=Role.ADMINISTRATOR, team=None, is_staff=True)
    second.groups.set([Group.objects.get(name=Role.ADMINISTRATOR.label)])
    second_client = identity_confirmed(signed_in(second))
    assert waiting.person.full_name in second_client.get(requests_url).content.decode()
    approved = second_client.post(
        requests_url, {"action": "approve_selected", "_selected_action": [waiting.pk]}
    )
    assert approved.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.TEAM_MANAGER
    assert not is_signed_in(their_client)  # the new role applies from their next sign-in
    waiting.refresh_from_db()
    assert waiting.status == RoleChangeRequest.Status.APPROVED
    assert waiting.decided_by == second
    made = AuditEvent.objects.get(
        action=AuditAction.PERMISSION_CHANGE, object_id=str(person.pk), detail__to="team_manager"
    )
    assert made.actor_id == second.pk
    assert made.detail["approved"] == waiting.pk


def test_unticking_active_in_the_admin_signs_the_person_out_everywhere(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator)
    phone, laptop = signed_in(person), signed_in(person)
    keys = list(UserSession.objects.filter(user=person).values_list("session_key", flat=True))
    response = admin_client.post(change_url(person), form_data(person, is_active=""))
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_CHANGE, object_id=str(person.pk), detail={"is_active": False}
    ).exists()


def test_adding_a_person_gives_them_their_roles_group_and_checks_the_password(
    admin_client: Client, administrator: User
) -> None:
    url = reverse("admin:accounts_user_add")
    base = {
        "email": "New.Commissioner@Example.org",
        "full_name": "New Commissioner",
        "role": Role.COMMISSIONER,
        "organisation": administrator.organisation_id,
        "_save": "Save",
    }
    short = admin_client.post(
        url, {**base, "password1": "short pass 14c", "password2": "short pass 14c"}
    )
    assert short.status_code == 200
    assert "at least 15 characters" in short.content.decode()
    response = admin_client.post(
        url, {**base, "password1": "lantern orchard violet", "password2": "lantern orchard violet"}
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.commissioner@example.org")
    assert list(person.groups.all()) == [Group.objects.get(name=Role.COMMISSIONER.label)]
    assert not person.is_staff
    assert person.is_active  # a role that opens no case data needs nobody else
    assert person.organisation == administrator.organisation
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_CHANGE, object_id=str(person.pk), actor_id=administrator.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.ADMIN_CHANGE, object_id=str(person.pk), detail={"change": "added"}
    ).exists()


def test_a_new_caseworker_is_switched_off_until_a_second_administrator_approves(
    admin_client: Client, administrator: User
) -> None:
    team = cast(Team, TeamFactory(organisation=administrator.organisation))
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.worker@example.org",
            "full_name": "New Worker",
            "role": Role.SOCIAL_WORKER,
            "organisation": administrator.organisation_id,
            "team": team.pk,
            "password1": "lantern orchard violet",
            "password2": "lantern orchard violet",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.worker@example.org")
    assert not person.is_active
    waiting = RoleChangeRequest.objects.get(person=person)
    assert waiting.new_person
    assert waiting.to_active
    assert waiting.summary == "new account as Social worker"
    # The password alone signs nobody in until then.
    assert enter_password(Client(), person.email, "lantern orchard violet").status_code == 200


def test_organisation_and_team_changes_are_audited(
    admin_client: Client, administrator: User
) -> None:
    organisation = cast(Organisation, administrator.organisation)
    response = admin_client.post(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        {"name": "Harbourside Parents", "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.name == "Harbourside Parents"
    assert AuditEvent.objects.filter(
        action=AuditAction.ADMIN_CHANGE,
        object_type="accounts.organisation",
        actor_id=administrator.pk,
    ).exists()
    added = admin_client.post(
        reverse("admin:accounts_team_add"),
        {"name": "Harbour team", "organisation": organisation.pk, "_save": "Save"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert AuditEvent.objects.filter(
        action=AuditAction.ADMIN_CHANGE, object_type="accounts.team", actor_id=administrator.pk
    ).exists()


def test_sessions_are_read_only_but_an_administrator_can_end_them(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = family_member(administrator)
    their_client = signed_in(person)
    session = UserSession.objects.get(user=person)
    changelist = reverse("admin:accounts_usersession_changelist")
    page = admin_client.get(changelist).content.decode()
    assert escape(person.full_name) in page
    assert session.session_key not in page
    detail = admin_client.get(reverse("admin:accounts_usersession_change", args=[session.pk]))
    assert session.session_key not in detail.content.decode()
    assert admin_client.get(reverse("admin:accounts_usersession_add")).status_code == 403
    response = admin_client.post(
        changelist, {"action": "end_selected_sessions", "_selected_action": [session.pk]}
    )
    assert response.status_code == 302
    assert not is_signed_in(their_client)


def test_an_administrator_can_reset_someones_authenticator(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator)
    their_client = signed_in(person)
    assert TOTPDevice.objects.filter(user=person).exists()
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_authenticator", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not is_signed_in(their_client)
    # Their next sign-in must set up a new authenticator: the reset never skips MFA.
    from tests.accounts.conftest import enter_password

    assert enter_password(Client(), person.email)["Location"] == reverse("accounts:mfa-setup")


def test_changing_people_in_the_admin_asks_the_administrator_to_confirm_who_they_are(
    administrator: User, signed_in: SignedIn
) -> None:
    person = colleague(administrator, email="kept.safe@example.org")
    TOTPDeviceFactory(user=person)
    client = signed_in(administrator)  # MFA at sign-in, but nothing confirmed since
    confirm = reverse("accounts:confirm-identity")
    for url in (
        change_url(person),
        reverse("admin:accounts_user_add"),
        reverse("admin:auth_user_password_change", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(confirm), url
    # An email change posted without confirming is not made.
    client.post(change_url(person), form_data(person, email="someone.else@example.org"))
    person.refresh_from_db()
    assert person.email == "kept.safe@example.org"
    # Nor is an authenticator reset chosen from the list.
    refused = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_authenticator", "_selected_action": [person.pk]},
    )
    assert refused["Location"].startswith(confirm)
    assert TOTPDevice.objects.filter(user=person).exists()
    # Looking at the list needs nothing more.
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_an_administrator_cannot_make_themselves_a_manager_in_the_admin_and_open_a_family(
    admin_client: Client, administrator: User, signed_in: SignedIn
) -> None:
    """The review's attack: set your own role to team manager, sign in again, open a family."""
    team = cast(Team, TeamFactory(organisation=administrator.organisation))
    family: Any = FamilyFactory(lead_organisation=administrator.organisation)
    AllocationFactory(family=family, worker=colleague(administrator, team=team))
    page = admin_client.get(change_url(administrator)).content.decode()
    assert 'name="role"' not in page
    assert 'name="team"' not in page
    admin_client.post(
        change_url(administrator),
        form_data(administrator, role=Role.TEAM_MANAGER, team=team.pk),
    )
    administrator.refresh_from_db()
    assert (administrator.role, administrator.team) == (Role.ADMINISTRATOR, None)
    assert not RoleChangeRequest.objects.exists()
    again = signed_in(administrator)
    assert again.get(reverse("cases:family", args=[family.pk])).status_code == 403


def test_another_organisations_people_are_out_of_reach_in_the_admin(
    admin_client: Client, administrator: User
) -> None:
    police = cast(Organisation, OrganisationFactory(kind=Organisation.Kind.POLICE))
    analyst = a_worker(role=Role.POLICE_ANALYST, team=TeamFactory(organisation=police))
    assert (
        analyst.full_name
        not in admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    )
    assert admin_client.get(change_url(analyst))["Location"] == reverse("admin:index")
    admin_client.post(change_url(analyst), form_data(analyst, role=Role.COMMISSIONER, is_active=""))
    analyst.refresh_from_db()
    assert analyst.role == Role.POLICE_ANALYST
    assert analyst.is_active
    password_url = reverse("admin:auth_user_password_change", args=[analyst.pk])
    assert admin_client.get(password_url).status_code == 404
    assert admin_client.get(reverse("admin:accounts_organisation_change", args=[police.pk]))[
        "Location"
    ] == reverse("admin:index")
    organisations = admin_client.get(reverse("admin:accounts_organisation_changelist"))
    assert police.name not in organisations.content.decode()


@pytest.mark.parametrize(
    ("role", "elsewhere", "error"),
    [
        (Role.POLICE_ANALYST, True, "Select a valid choice"),
        (Role.SOCIAL_WORKER, True, "Select a valid choice"),
        (Role.POLICE_ANALYST, False, "Only a police force"),
    ],
    ids=["analyst-in-a-police-force", "worker-in-another-organisation", "analyst-in-a-charity"],
)
def test_an_administrator_cannot_add_people_elsewhere_or_police_analysts(
    admin_client: Client, administrator: User, role: str, elsewhere: bool, error: str
) -> None:
    police = cast(Organisation, OrganisationFactory(kind=Organisation.Kind.POLICE))
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.person@example.org",
            "full_name": "New Person",
            "role": role,
            "organisation": police.pk if elsewhere else administrator.organisation_id,
            "password1": "lantern orchard violet",
            "password2": "lantern orchard violet",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
