"""Demo state for the family portal.

* Precious, Jayden's uncle Kwame and Jayden have not yet seen the interruption page, so each is
  shown it at their first sign-in (and again after every ``seed_demo``).
* Kwame Mensah, Jayden's uncle and trusted adult (the relationships demo), is a carer on RS-0001
  with a portal account (journey 6 plays with him), and Jayden has his own account with his space
  open.
* RS-0001 has a few messages between Sam and Precious, and Precious's check-ins over the months;
  Jayden and Sam have their own short thread (his parents never see it).
* Appointments: RS-0001 has a home visit in three days and a review meeting next week shown to
  Precious, a strategy meeting for workers only, a held home visit and a cancelled school meeting
  (both in the chronology); RS-0002 and RS-0003 have one coming each. They are made again at every
  ``seed_demo``, relative to today, so "coming up" is always true.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import create_person
from relsafe.cases.models import Allocation, Carer, Family, SafeContactDecision
from relsafe.core.demo import DEMO_PASSWORD, DemoWorld
from relsafe.portal.models import (
    Appointment,
    CheckIn,
    ExitGuidanceSeen,
    Message,
    MessageRead,
    MessageThread,
    YoungPersonSpace,
)

# Family members whose first sign-in in the demo shows how "Exit this page" works.
SHOWN_THE_INTERRUPTION = ("precious", "kwame", "jayden")

KWAME_EMAIL = "kwame@family.example"
JAYDEN_EMAIL = "jayden@family.example"

# (days after the family was opened, from Precious?, text)
MESSAGES = (
    (
        5,
        False,
        "Hello Precious, it was good to meet you today. You can message me here any time; "
        "I read messages on weekdays between 9 and 5.",
    ),
    (6, True, "Thank you Sam. Jayden came home on time last night and went to training."),
    (7, False, "That is really good to hear. Shall we look at the plan together on Thursday?"),
)

# (days after opening, coping, understanding, confidence, note)
CHECK_INS = (
    (8, 2, 2, 1, "I feel like nobody listens to me."),
    (40, 2, 3, 2, ""),
    (90, 3, 3, 3, "The meeting at school went better than I expected."),
    (150, 3, 4, 3, ""),
    (210, 4, 4, 4, "I know who to call now."),
)


def _family_account(world: DemoWorld, key: str, email: str, full_name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_person(
            email=email,
            full_name=full_name,
            role=role,
            password=DEMO_PASSWORD,
            organisation=world.organisations.get("charity"),
        )
    world.people[key] = user
    return user


@transaction.atomic
def seed(world: DemoWorld) -> None:
    """Idempotent: whatever was clicked since, seeding leaves the same state behind."""
    family = world.families["jayden"]
    sam = world.people["sam"]
    kwame = _family_account(world, "kwame", KWAME_EMAIL, "Kwame Mensah", Role.PARENT)
    jayden_account = _family_account(
        world, "jayden", JAYDEN_EMAIL, "Jayden Mensah", Role.YOUNG_PERSON
    )
    uncle, _ = Carer.objects.get_or_create(
        family=family,
        full_name="Kwame Mensah",
        defaults={"relationship": "uncle; Jayden's trusted adult", "portal_user": kwame},
    )
    if uncle.portal_user_id is None:
        uncle.portal_user = kwame
        uncle.save(update_fields=["portal_user"])
    jayden = world.young_people["jayden"]
    if jayden.portal_user_id is None:
        jayden.portal_user = jayden_account
        jayden.save(update_fields=["portal_user"])
    YoungPersonSpace.objects.get_or_create(
        young_person=jayden, defaults={"is_on": True, "changed_by": sam}
    )
    opened = family.opened_at
    if not uncle.safe_contacts.exists():
        SafeContactDecision.objects.create(
            family=family,
            carer=uncle,
            notify_by=SafeContactDecision.Notify.EMAIL,
            email=KWAME_EMAIL,
            safe_from=dt.time(9),
            safe_until=dt.time(20),
            what_may_be_said="Say only that there is a message; the family phone is shared.",
            reason="Agreed with Kwame when Jayden named him as his trusted adult.",
            decided_by=sam,
            decided_at=opened + dt.timedelta(days=4),
        )
    if not jayden.safe_contacts.exists():
        SafeContactDecision.objects.create(
            family=family,
            young_person=jayden,
            notify_by=SafeContactDecision.Notify.NONE,
            reason="Others may read Jayden's phone: nothing is sent to it.",
            decided_by=sam,
            decided_at=opened + dt.timedelta(days=4),
        )
    precious = world.people["precious"]
    thread, created = MessageThread.objects.get_or_create(family=family, young_person__isnull=True)
    if created or not thread.messages.exists():
        for days, from_precious, body in MESSAGES:
            sent_at = opened + dt.timedelta(days=days, hours=10)
            message = Message.objects.create(
                thread=thread,
                author=precious if from_precious else sam,
                from_family=from_precious,
                body=body,
                sent_at=sent_at,
            )
            MessageRead.objects.create(
                message=message,
                reader=sam if from_precious else precious,
                read_at=sent_at + dt.timedelta(hours=2),
            )
    if not CheckIn.objects.filter(family=family, person=precious).exists():
        now = timezone.now()
        CheckIn.objects.bulk_create(
            CheckIn(
                family=family,
                person=precious,
                coping=coping,
                understanding=understanding,
                confidence=confidence,
                note=note,
                recorded_at=min(opened + dt.timedelta(days=days), now),
            )
            for days, coping, understanding, confidence, note in CHECK_INS
        )
    _young_person_thread(family, jayden, jayden_account, sam)
    _appointments(family, sam)
    ExitGuidanceSeen.objects.filter(
        user__in=[world.people[key] for key in SHOWN_THE_INTERRUPTION]
    ).delete()


# (days after opening, from Jayden?, text)
JAYDEN_MESSAGES = (
    (12, True, "can we meet at the youth centre not at home"),
    (12, False, "Yes, of course. Thursday after school at the youth centre? Sam"),
)


def _young_person_thread(family: Family, jayden: Any, account: User, sam: User) -> None:
    thread, _ = MessageThread.objects.get_or_create(
        young_person=jayden, defaults={"family": family}
    )
    if thread.messages.exists():
        return
    for days, from_jayden, body in JAYDEN_MESSAGES:
        sent_at = family.opened_at + dt.timedelta(days=days, hours=16 if from_jayden else 17)
        message = Message.objects.create(
            thread=thread,
            author=account if from_jayden else sam,
            from_family=from_jayden,
            body=body,
            sent_at=sent_at,
        )
        MessageRead.objects.create(
            message=message,
            reader=sam if from_jayden else account,
            read_at=sent_at + dt.timedelta(minutes=30),
        )


# (family reference, days from today, hour, kind, how, place, who, shown, status, what)
APPOINTMENTS: tuple[tuple[str, int, int, str, str, str, str, bool, str, str], ...] = (
    (
        "RS-0001",
        3,
        16,
        "home_visit",
        "in_person",
        "At home",
        "Sam (parent support worker)",
        True,
        "planned",
        "",
    ),
    (
        "RS-0001",
        9,
        10,
        "review",
        "in_person",
        "Northgate family centre, room 2",
        "Sam, Jayden's social worker, his head of year",
        True,
        "planned",
        "",
    ),
    (
        "RS-0001",
        5,
        14,
        "strategy",
        "video",
        "Teams link in the invitation",
        "Social worker, police, school, Sam",
        False,
        "planned",
        "",
    ),
    (
        "RS-0001",
        -14,
        16,
        "home_visit",
        "in_person",
        "At home",
        "Sam",
        True,
        "held",
        "",
    ),
    (
        "RS-0001",
        -7,
        11,
        "school",
        "in_person",
        "Jayden's school",
        "Sam, head of year",
        True,
        "cancelled",
        "",
    ),
    (
        "RS-0002",
        2,
        11,
        "office",
        "in_person",
        "Northgate family centre",
        "Parent support worker",
        True,
        "planned",
        "",
    ),
    (
        "RS-0003",
        4,
        15,
        "other",
        "phone",
        "",
        "Parent support worker",
        True,
        "planned",
        "A catch-up call about the summer holidays",
    ),
)


def _appointments(jayden_family: Family, sam: User) -> None:
    """Made again every time, relative to today, so the coming ones are always ahead."""
    references = {row[0] for row in APPOINTMENTS}
    families = {f.reference: f for f in Family.objects.filter(reference__in=references)}
    Appointment.objects.filter(family__in=families.values()).delete()
    today = timezone.localdate()
    for reference, days, hour, kind, how, place, who, shown, status, what in APPOINTMENTS:
        family = families.get(reference)
        if family is None:
            continue
        lead = (
            Allocation.objects.filter(family=family, is_lead=True, ended_at__isnull=True)
            .select_related("worker")
            .first()
        )
        worker = sam if family == jayden_family or lead is None else lead.worker
        starts_at = timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))
        )
        Appointment.objects.create(
            family=family,
            kind=kind,
            what=what,
            how=how,
            place=place,
            who=who,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
            shown_to_family=shown,
            status=status,
            cancel_reason="The school asked to move it." if status == "cancelled" else "",
            created_by=worker,
            updated_by=worker,
            created_at=starts_at - dt.timedelta(days=10),
            updated_at=starts_at - dt.timedelta(days=10),
        )
