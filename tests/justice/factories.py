"""Factories for criminal justice cases (tests only; shared factories come from tests.factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from relsafe.justice import services
from relsafe.justice.models import (
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    Stage,
    StageChange,
    WitnessSupport,
)
from tests.factories import FamilyFactory, UserFactory, YoungPersonFactory


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


class CriminalJusticeCaseFactory(factory.django.DjangoModelFactory):
    """A case at the report stage, reported ``reported_days_ago`` days ago (with its history)."""

    class Meta:
        model = CriminalJusticeCase
        skip_postgeneration_save = True

    class Params:
        reported_days_ago = 200

    family = factory.SubFactory(FamilyFactory)
    title = factory.Sequence(lambda n: f"Case {n}")
    offences = factory.LazyFunction(lambda: ["cce"])
    police_reference = factory.Sequence(lambda n: f"NB/{n:05d}/26")
    officer_in_charge = "DC Lee"
    stage = Stage.REPORT
    stage_since = factory.LazyAttribute(lambda o: days_ago(o.reported_days_ago))
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_organisation = factory.LazyAttribute(lambda o: o.recorded_by.organisation)

    @factory.post_generation
    def history(obj: CriminalJusticeCase, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            StageChange.objects.create(
                case=obj,
                stage=Stage.REPORT,
                entered_on=obj.stage_since,
                recorded_by=obj.recorded_by,
            )


class CaseChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseChild

    case = factory.SubFactory(CriminalJusticeCaseFactory)
    young_person = factory.SubFactory(
        YoungPersonFactory, family=factory.SelfAttribute("..case.family")
    )
    part = CaseChild.Part.VICTIM_AND_WITNESS


class WitnessSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WitnessSupport

    child = factory.SubFactory(CaseChildFactory)


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CriminalJusticeCaseFactory)
    kind = Hearing.Kind.TRIAL
    court = "Northbridge Crown Court"
    courtroom = "Court 3"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


def charge(case: CriminalJusticeCase, actor: Any, *, days_ago_: int = 100) -> CriminalJusticeCase:
    """Move a case through investigation to the charge, through the service (so its rules hold)."""
    case = services.move_stage(
        actor=actor, case=case, stage=Stage.INVESTIGATION, entered_on=days_ago(days_ago_ + 50)
    )
    return services.move_stage(
        actor=actor, case=case, stage=Stage.CHARGE, entered_on=days_ago(days_ago_)
    )


# Typed shorthands (factory_boy's calls are typed as the factory, not the model).
def new_case(**kwargs: Any) -> Any:
    return CriminalJusticeCaseFactory(**kwargs)


def new_witness(**kwargs: Any) -> Any:
    return WitnessSupportFactory(**kwargs)


def new_hearing(**kwargs: Any) -> Any:
    return HearingFactory(**kwargs)
