"""Demo organisations, teams and one person per role (fictional)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import Organisation, Team, User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import create_person
from relsafe.core.demo import DEMO_PASSWORD, DEMO_TOTP_HEX_KEY, DemoWorld


@dataclass(frozen=True)
class DemoPerson:
    key: str
    email: str
    full_name: str
    role: str
    organisation: str | None
    team: str | None
    description: str


ORGANISATIONS = {
    "charity": ("Northbridge Parents Together", Organisation.Kind.CHARITY),
    "council": ("Northbridge City Council", Organisation.Kind.COUNCIL),
    "police": ("Northbridge Police", Organisation.Kind.POLICE),
}
TEAMS = {
    "north": ("charity", "North parent support team"),
    "south": ("charity", "South parent support team"),
    "adolescent": ("council", "Adolescent safeguarding team"),
    "exploitation": ("police", "Child exploitation team"),
}
PEOPLE = [
    DemoPerson(
        "sam",
        "sam@parents-together.example",
        "Sam Okoro",
        Role.PARENT_SUPPORT_WORKER,
        "charity",
        "north",
        "Parent liaison officer working with Jayden's family",
    ),
    DemoPerson(
        "alex",
        "alex@parents-together.example",
        "Alex Morgan",
        Role.PARENT_SUPPORT_WORKER,
        "charity",
        "south",
        "Parent support worker in another team: cannot see Sam's families",
    ),
    DemoPerson(
        "dana",
        "dana@parents-together.example",
        "Dana Whitfield",
        Role.TEAM_MANAGER,
        "charity",
        "north",
        "Manager of Sam's team",
    ),
    DemoPerson(
        "morgan",
        "morgan@parents-together.example",
        "Morgan Reid",
        Role.TEAM_MANAGER,
        "charity",
        "south",
        "Duty manager from the other team: uses emergency access",
    ),
    DemoPerson(
        "leah",
        "leah@northbridge-council.example",
        "Leah Patel",
        Role.SOCIAL_WORKER,
        "council",
        "adolescent",
        "Adolescent safeguarding social worker",
    ),
    DemoPerson(
        "priya",
        "priya@northbridge-police.example",
        "Priya Shah",
        Role.POLICE_ANALYST,
        "police",
        "exploitation",
        "Exploitation analyst",
    ),
    DemoPerson(
        "hannah",
        "hannah@northbridge-council.example",
        "Hannah Price",
        Role.COMMISSIONER,
        "council",
        None,
        "Commissioner: figures only, no names",
    ),
    DemoPerson(
        "robin",
        "robin@parents-together.example",
        "Robin Lee",
        Role.ADMINISTRATOR,
        "charity",
        None,
        "Administrator",
    ),
    DemoPerson(
        "jo",
        "jo@parents-together.example",
        "Jo Bennett",
        Role.ADMINISTRATOR,
        "charity",
        None,
        "Second administrator: approves the role and team changes Robin asks for",
    ),
    DemoPerson(
        "precious",
        "precious@family.example",
        "Precious Mensah",
        Role.PARENT,
        # Her account is looked after by the charity that supports her family (its administrators
        # manage only their own organisation's people).
        "charity",
        None,
        "Jayden's mum, using the family portal",
    ),
]


@transaction.atomic
def seed(world: DemoWorld) -> None:
    for key, (name, kind) in ORGANISATIONS.items():
        world.organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind}
        )
    for key, (org_key, name) in TEAMS.items():
        world.teams[key], _ = Team.objects.get_or_create(
            organisation=world.organisations[org_key], name=name
        )
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = create_person(
                email=person.email,
                full_name=person.full_name,
                role=person.role,
                password=DEMO_PASSWORD,
                organisation=world.organisations.get(person.organisation or ""),
                team=world.teams.get(person.team or ""),
            )
        if user.is_staff_role:
            TOTPDevice.objects.get_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": DEMO_TOTP_HEX_KEY, "confirmed": True},
            )
        world.people[person.key] = user
