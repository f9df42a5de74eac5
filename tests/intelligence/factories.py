"""Factories and a small world for intelligence tests: real rows, written through the services
where the services decide something (the police copy, pseudonyms, links)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from relsafe.intelligence import services
from relsafe.intelligence.models import Submission
from relsafe.intelligence.services import PersonDetails, SubmissionDetails
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    FamilyFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    TeamFactory,
    UserFactory,
    YoungPersonFactory,
)

GHOST_PHONE = "07700 900461"


def details(force: Organisation, **overrides: Any) -> SubmissionDetails:
    values: dict[str, Any] = {
        "force": force,
        "source_type": Submission.SourceType.PARENT,
        "source_grade": "2",
        "information_grade": "B",
        "handling": "P",
        "lawful_basis": Submission.LawfulBasis.SAFEGUARDING,
        "offence": Submission.Offence.CCE,
        "occurred_on": timezone.localdate() - dt.timedelta(days=2),
        "what_happened": "A grey Audi waited outside; the driver gave him a phone.",
        "people": [PersonDetails(nickname="Ghost", gender="male", phone=GHOST_PHONE)],
        "places": [("Chicken Shack takeaway", "NB1 4TQ")],
    }
    values.update(overrides)
    return SubmissionDetails(**values)


@dataclass
class Scene:
    """Three families shared with one force (``force``), one with another force, their workers,
    and the analysts of both forces."""

    force: Organisation
    other_force: Organisation
    families: list[Any]
    children: list[Any]
    carers: list[Any]
    workers: list[Any]
    analyst: Any
    other_analyst: Any
    stranger: Any  # a worker with no route to any of the families
    sent: list[Submission] = field(default_factory=list)

    def send(self, index: int, **overrides: Any) -> Submission:
        family, worker = self.families[index], self.workers[index]
        overrides.setdefault("young_people", [self.children[index]])
        force = overrides.pop("force", self.force)
        draft = services.create_submission(
            actor=worker, family=family, details=details(force, **overrides)
        )
        sent = services.send_submission(actor=worker, submission=draft, expected_version=1)
        self.sent.append(sent)
        return sent


def scene() -> Scene:
    charity = OrganisationFactory(kind=Organisation.Kind.CHARITY)
    force: Any = OrganisationFactory(kind=Organisation.Kind.POLICE, name="Northbridge Police")
    other_force: Any = OrganisationFactory(kind=Organisation.Kind.POLICE, name="Other Police")
    families, children, carers, workers = [], [], [], []
    for i, (first, last, carer) in enumerate(
        [
            ("Jayden", "Mensah", "Precious Mensah"),
            ("Kai", "Thompson", "Lorraine Thompson"),
            ("Mason", "Price", "Gary Price"),
        ]
    ):
        family = FamilyFactory(lead_organisation=charity, name=f"{first}'s family ({last})")
        child = YoungPersonFactory(
            family=family,
            first_name=first,
            last_name=last,
            date_of_birth=timezone.localdate() - dt.timedelta(days=365 * (14 + i) + 30),
        )
        worker = UserFactory(
            team=TeamFactory(organisation=charity), role=Role.PARENT_SUPPORT_WORKER
        )
        AllocationFactory(family=family, worker=worker, is_lead=True)
        OrganisationShareFactory(family=family, organisation=force, decided_by=worker)
        carers.append(CarerFactory(family=family, full_name=carer))
        families.append(family)
        children.append(child)
        workers.append(worker)
    OrganisationShareFactory(family=families[0], organisation=other_force, decided_by=workers[0])
    return Scene(
        force=force,
        other_force=other_force,
        families=families,
        children=children,
        carers=carers,
        workers=workers,
        analyst=UserFactory(team=TeamFactory(organisation=force), role=Role.POLICE_ANALYST),
        other_analyst=UserFactory(
            team=TeamFactory(organisation=other_force), role=Role.POLICE_ANALYST
        ),
        stranger=UserFactory(team=TeamFactory(organisation=charity)),
    )
