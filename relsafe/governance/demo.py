"""Demo governance (fictional): one open subject access request from Precious for what is held
about her, and two information-sharing agreements (one due for review)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relsafe.core.demo import DemoWorld
from relsafe.governance import services
from relsafe.governance.models import SharingAgreement, SubjectAccessRequest


def seed(world: DemoWorld) -> None:
    robin = world.people["robin"]
    family = world.families["jayden"]
    today = timezone.localdate()
    if not SubjectAccessRequest.objects.exists():
        precious = family.carers.get(full_name="Precious Mensah")
        services.log_subject_access_request(
            actor=robin,
            family=family,
            subject_label=f"carer:{precious.pk}",
            requester="Precious Mensah, for herself (by email)",
            received_on=today - dt.timedelta(days=9),
        )
    if not SharingAgreement.objects.exists():
        charity = world.organisations["charity"]
        services.record_sharing_agreement(
            actor=robin,
            title="Northbridge child exploitation information-sharing agreement",
            parties=[charity.pk, world.organisations["police"].pk],
            purpose="Protecting children at risk of sexual and criminal exploitation: sharing what "
            "parents see and what the police know about people and places of concern.",
            lawful_basis="UK GDPR Art. 6(1)(e) public task; Art. 9(2)(g) and DPA 2018 Sch. 1 "
            "para. 18 (safeguarding of children and individuals at risk).",
            what_may_be_shared="Missing episodes, contacts marked for police, persons and places of "
            "concern, return home interview findings.",
            review_on=today + dt.timedelta(days=120),
        )
        services.record_sharing_agreement(
            actor=robin,
            title="Early help and children's social care agreement",
            parties=[charity.pk, world.organisations["council"].pk],
            purpose="Joint work with families open to children's social care.",
            lawful_basis="UK GDPR Art. 6(1)(e) public task; Children Act 2004 s. 11.",
            what_may_be_shared="Plans, chronology, assessments and referrals for shared families.",
            review_on=today - dt.timedelta(days=14),
        )
