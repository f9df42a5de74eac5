"""Factories for test data: real rows in the real database, no mocks."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.access.sections import MINIMAL
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
    # What share_family gives unless the worker chooses more (access/sections.py).
    scopes = factory.LazyFunction(lambda: sorted(MINIMAL))


# --- access (break-glass, notifications) ---------------------------------------------------------
from relsafe.access.models import BreakGlassGrant, Notification  # noqa: E402


class BreakGlassGrantFactory(factory.django.DjangoModelFactory):
    """A live grant by default: started a minute ago, four hours long."""

    class Meta:
        model = BreakGlassGrant

    user = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    family = factory.SubFactory(FamilyFactory)
    reason_code = BreakGlassGrant.ReasonCode.OUT_OF_HOURS
    reason_text = "Duty call about a child reported missing tonight."
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=1))
    expires_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(hours=4))


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    message = "Someone used emergency access to a family you work with."
    link = "/"


# --- cases: strengths and allocated families --------------------------------------------------
from typing import Any  # noqa: E402

from relsafe.cases.models import StrengthEntry  # noqa: E402


class StrengthEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrengthEntry

    young_person = factory.SubFactory(YoungPersonFactory)
    kind = StrengthEntry.Kind.STRENGTH
    text = "Good at football"
    recorded_by = factory.SubFactory(UserFactory)


def worker_on(family: Family, **kwargs: object) -> Any:
    """A caseworker allocated to this family: someone the policy lets write on its case."""
    worker: Any = UserFactory(**kwargs)
    AllocationFactory(family=family, worker=worker)
    return worker


def allocated_family(worker: User, **kwargs: object) -> Family:
    """A family with one child, allocated to ``worker`` as lead."""
    family: Any = FamilyFactory(**kwargs)
    YoungPersonFactory(family=family)
    AllocationFactory(family=family, worker=worker, is_lead=True)
    return family


# --- relationships (relationship map / ecomap) ---
from relsafe.relationships.models import Connection  # noqa: E402


class ConnectionFactory(factory.django.DjangoModelFactory):
    """A live tie on a young person's map (a person by default)."""

    class Meta:
        model = Connection

    young_person = factory.SubFactory(YoungPersonFactory)
    kind = "friend"
    name = factory.Sequence(lambda n: f"Friend {n}")
    quality = "strong"
    said_by = "young_person"


class PlaceConnectionFactory(ConnectionFactory):
    kind = "club"
    name = factory.Sequence(lambda n: f"Youth club {n}")
    feeling = "safe"


# --- assessments and plans -------------------------------------------------------------------
from relsafe.assessments.models import SafetyMapping, Screening  # noqa: E402
from relsafe.plans.models import Plan, PlanAction, Referral  # noqa: E402


class SafetyMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyMapping

    young_person = factory.SubFactory(YoungPersonFactory)
    family = factory.LazyAttribute(lambda o: o.young_person.family)
    recorded_by = factory.SubFactory(UserFactory)
    mapped_on = factory.LazyFunction(timezone.localdate)
    danger_statements = "Adults known as 'Ghost' are grooming him at the shopping centre."
    existing_strengths = "Loves football."
    worker_scale = 4


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    young_person = factory.SubFactory(YoungPersonFactory)
    family = factory.LazyAttribute(lambda o: o.young_person.family)
    recorded_by = factory.SubFactory(UserFactory)
    screened_on = factory.LazyFunction(timezone.localdate)
    review_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=91))
    indicators = factory.LazyFunction(lambda: {"missing_episodes": "Twice"})
    level = Screening.Level.MEDIUM
    rationale = "Missing twice; family working with us."


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    family = factory.SubFactory(FamilyFactory)
    created_by = factory.SubFactory(UserFactory)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(PlanFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner_type = PlanAction.OwnerType.PARENT
    owner_name = "Mum"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    young_person = factory.SubFactory(YoungPersonFactory)
    family = factory.LazyAttribute(lambda o: o.young_person.family)
    kind = Referral.Kind.NRM
    submitted_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def next_decision(obj: Referral, create: bool, extracted: object, **kwargs: object) -> None:
        """Stored like the services store it, so the caseload sees factory-made referrals."""
        if create:
            from relsafe.plans.services import store_next_decision

            store_next_decision(referral=obj)


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


# --- one family and everyone around it, for authorization tests --------------------------------
from dataclasses import dataclass  # noqa: E402


@dataclass
class CaseScene:
    """A family carried by a charity worker, shared with a police force, and the people who may
    not write on it: the police analyst who can read it, a worker from another team, its own
    parent, a commissioner and an administrator (PRODUCT.md §2 and §8)."""

    family: Any
    young_person: Any
    worker: Any  # allocated, charity
    manager: Any  # the worker's team manager
    police: Any  # analyst in the force the case is shared with
    other_team_worker: Any  # same charity, another team, not allocated
    other_team_manager: Any  # same charity, another team
    parent: Any  # the family's own parent (portal)
    commissioner: Any
    administrator: Any

    def person(self, name: str) -> Any:
        return getattr(self, name)


# Who must be refused every change to a family's case, with why (PRODUCT.md §2 and §8).
FORBIDDEN_WRITERS = ("police", "other_team_worker", "parent", "commissioner", "administrator")


def case_scene() -> CaseScene:
    charity = OrganisationFactory(kind=Organisation.Kind.CHARITY)
    team: Any = TeamFactory(organisation=charity)
    other_team: Any = TeamFactory(organisation=charity)
    force = OrganisationFactory(kind=Organisation.Kind.POLICE)
    family: Any = FamilyFactory(lead_organisation=charity)
    young_person = YoungPersonFactory(family=family)
    worker: Any = UserFactory(team=team, role=Role.PARENT_SUPPORT_WORKER)
    AllocationFactory(family=family, worker=worker, is_lead=True)
    police: Any = UserFactory(team=TeamFactory(organisation=force), role=Role.POLICE_ANALYST)
    OrganisationShareFactory(family=family, organisation=force, decided_by=worker)
    parent: Any = FamilyMemberFactory()
    CarerFactory(family=family, portal_user=parent)
    return CaseScene(
        family=family,
        young_person=young_person,
        worker=worker,
        manager=UserFactory(team=team, role=Role.TEAM_MANAGER),
        police=police,
        other_team_worker=UserFactory(team=other_team, role=Role.SOCIAL_WORKER),
        other_team_manager=UserFactory(team=other_team, role=Role.TEAM_MANAGER),
        parent=parent,
        commissioner=UserFactory(team=TeamFactory(organisation=charity), role=Role.COMMISSIONER),
        administrator=UserFactory(
            team=TeamFactory(organisation=charity), role=Role.ADMINISTRATOR, is_staff=True
        ),
    )
