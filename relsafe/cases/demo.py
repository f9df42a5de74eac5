"""Demo families (fictional). Written in the careful language of PRODUCT.md §6."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relsafe.cases.models import Allocation, Carer, Family, OrganisationShare, YoungPerson
from relsafe.core.demo import DemoWorld


def _years_ago(years: int, month: int = 3, day: int = 14) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, month, day)


@transaction.atomic
def seed(world: DemoWorld) -> None:
    people = world.people
    jayden_family, created = Family.objects.get_or_create(
        reference="RS-0001",
        defaults={
            "name": "Jayden's family (Mensah)",
            "lead_organisation": world.organisations["charity"],
            "status": Family.Status.ACTIVE,
            "opened_at": timezone.now() - dt.timedelta(days=240),
        },
    )
    world.families["jayden"] = jayden_family
    if created:
        jayden = YoungPerson.objects.create(
            family=jayden_family,
            first_name="Jayden",
            last_name="Mensah",
            date_of_birth=_years_ago(14, 5, 2),
        )
        YoungPerson.objects.create(
            family=jayden_family,
            first_name="Amara",
            last_name="Mensah",
            date_of_birth=_years_ago(7, 9, 20),
        )
        Carer.objects.create(
            family=jayden_family,
            full_name="Precious Mensah",
            relationship="mum",
            portal_user=people["precious"],
        )
        Allocation.objects.create(
            family=jayden_family,
            worker=people["sam"],
            role_on_case="Parent liaison officer",
            is_lead=True,
            allocated_by=people["dana"],
            started_at=jayden_family.opened_at,
        )
        Allocation.objects.create(
            family=jayden_family,
            worker=people["leah"],
            role_on_case="Social worker",
            started_at=jayden_family.opened_at,
        )
        OrganisationShare.objects.create(
            family=jayden_family,
            organisation=world.organisations["police"],
            basis=OrganisationShare.Basis.SAFEGUARDING,
            basis_notes="Information about adults exploiting Jayden; asking first would alert them.",
            decided_by=people["sam"],
        )
        world.young_people["jayden"] = jayden
    else:
        world.young_people["jayden"] = jayden_family.young_people.get(first_name="Jayden")

    ruby_family, created = Family.objects.get_or_create(
        reference="RS-0002",
        defaults={
            "name": "Ruby's family (Clarke)",
            "lead_organisation": world.organisations["charity"],
            "status": Family.Status.ACTIVE,
            "opened_at": timezone.now() - dt.timedelta(days=120),
        },
    )
    world.families["ruby"] = ruby_family
    if created:
        YoungPerson.objects.create(
            family=ruby_family,
            first_name="Ruby",
            last_name="Clarke",
            date_of_birth=_years_ago(15, 1, 30),
        )
        Carer.objects.create(family=ruby_family, full_name="Joanne Clarke", relationship="mum")
        Allocation.objects.create(
            family=ruby_family,
            worker=people["alex"],
            role_on_case="Parent support worker",
            is_lead=True,
            allocated_by=people["morgan"],
            started_at=ruby_family.opened_at,
        )
