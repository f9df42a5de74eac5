"""Factories for test data: real rows in the real database, no mocks."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import Organisation, Team, User
from relsafe.accounts.roles import Role
from relsafe.cases.models import Allocation, Carer, Family, OrganisationShare, YoungPerson

TEST_PASSWORD = "a long test password for everyone"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CHARITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.PARENT_SUPPORT_WORKER
    team = factory.SubFactory(TeamFactory)
    organisation = factory.LazyAttribute(lambda o: o.team.organisation if o.team else None)

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class FamilyMemberFactory(UserFactory):
    role = Role.PARENT
    team: None = None  # type: ignore[assignment]
    organisation: None = None  # type: ignore[assignment]


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Test authenticator"
    confirmed = True


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    name = factory.Sequence(lambda n: f"Test family {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    status = Family.Status.ACTIVE


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=14 * 365))


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    family = factory.SubFactory(FamilyFactory)
    full_name = factory.Faker("name", locale="en_GB")
    relationship = "mum"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    family = factory.SubFactory(FamilyFactory)
    worker = factory.SubFactory(UserFactory)
    role_on_case = "Parent support worker"


class OrganisationShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationShare

    family = factory.SubFactory(FamilyFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.POLICE)
    basis = OrganisationShare.Basis.SAFEGUARDING
    decided_by = factory.SubFactory(UserFactory)


# --- records (contacts, missing episodes, chronology) -----------------------------------------

from relsafe.records.models import (  # noqa: E402
    ChronologyEntry,
    Contact,
    MissingEpisode,
    ReturnHomeInterview,
)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    family = factory.SubFactory(FamilyFactory)
    kind = Contact.Kind.HOME_VISIT
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    discussed = "We talked about how the week had gone."
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_organisation = factory.LazyAttribute(lambda o: o.recorded_by.organisation)
    search_text = factory.LazyAttribute(lambda o: o.discussed)


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissingEpisode

    family = factory.SubFactory(FamilyFactory)
    young_person = factory.SubFactory(YoungPersonFactory, family=factory.SelfAttribute("..family"))
    reported_missing_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=30))
    reported_by = "Mum"
    returned_at = factory.LazyAttribute(lambda o: o.reported_missing_at + dt.timedelta(hours=4))
    risk_level = MissingEpisode.Risk.MEDIUM
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_organisation = factory.LazyAttribute(lambda o: o.recorded_by.organisation)


class ReturnHomeInterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnHomeInterview

    episode = factory.SubFactory(MissingEpisodeFactory)
    offered_at = factory.LazyAttribute(lambda o: o.episode.returned_at + dt.timedelta(hours=2))
    recorded_by = factory.SubFactory(UserFactory)


class ChronologyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChronologyEntry

    family = factory.SubFactory(FamilyFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    title = "Scored in the cup final"
    tag = "strength"
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_organisation = factory.LazyAttribute(lambda o: o.recorded_by.organisation)
    search_text = factory.LazyAttribute(lambda o: o.title)
