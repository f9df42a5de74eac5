"""Factories for the household and the referral (issue 16); the shared ones are in tests/factories."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from relsafe.cases.models import CaseReferral, HouseholdAddress, SafeContactDecision
from tests.factories import CarerFactory, FamilyFactory, UserFactory


class CaseReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseReferral

    family = factory.SubFactory(FamilyFactory)
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    referrer_agency = "Northbridge Academy"
    referrer_name = "Ms Helen Carter"
    referrer_role = "Designated safeguarding lead"
    concerns = "Missing three times since half-term; older men in a car at the gates."
    request = "Support for his mum."
    recorded_by = factory.SubFactory(UserFactory)


class HouseholdAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdAddress

    carer = factory.SubFactory(CarerFactory)
    family = factory.SelfAttribute("carer.family")
    line_1 = "14 Albany Court"
    town = "Northbridge"
    postcode = "LS11 5AB"
    lived_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=400))
    recorded_by = factory.SubFactory(UserFactory)


class SafeContactDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeContactDecision

    carer = factory.SubFactory(CarerFactory)
    family = factory.SelfAttribute("carer.family")
    notify_by = SafeContactDecision.Notify.TEXT
    phone = "+447700900982"
    may_phone = True
    what_may_be_said = "Say you are calling from school."
    decided_by = factory.SubFactory(UserFactory)
