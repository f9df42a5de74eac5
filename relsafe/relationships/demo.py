"""Demo relationship maps (fictional). Jayden's is PRODUCT.md §9 journey 1, with a history so that
"compare with an earlier date" has something to show; every other young person without a map gets a
plausible one from a seeded generator, so the demo is the same on every machine.

Language with care (PRODUCT.md §6): the notes name the adults who exploit, never blame the child."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.demo import DemoWorld
from relsafe.relationships.models import (
    Connection,
    ConnectionHistory,
    Feeling,
    Kind,
    Quality,
    SaidBy,
)

K, Q, S, F = Kind, Quality, SaidBy, Feeling


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    moment = timezone.now() - dt.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _put(
    young_person: YoungPerson, actor: User | None, when: dt.datetime, **values: Any
) -> Connection:
    """A tie as it was first recorded, with its first history row, on a date in the past."""
    connection = Connection(
        young_person=young_person,
        created_by=actor,
        updated_by=actor,
        created_at=when,
        updated_at=when,
        **values,
    )
    connection.full_clean(validate_constraints=False)  # clean() covers them; the DB enforces
    connection.save()
    ConnectionHistory.objects.create(
        connection=connection,
        young_person=young_person,
        change=ConnectionHistory.Change.ADDED,
        version=1,
        snapshot=connection.snapshot(),
        changed_by=actor,
        changed_at=when,
    )
    return connection


def _change(connection: Connection, actor: User | None, when: dt.datetime, **values: Any) -> None:
    for key, value in values.items():
        setattr(connection, key, value)
    connection.full_clean(validate_constraints=False)  # clean() covers them; the DB enforces
    connection.version += 1
    connection.updated_at = when
    connection.updated_by = actor
    connection.save()
    ConnectionHistory.objects.create(
        connection=connection,
        young_person=connection.young_person,
        change=ConnectionHistory.Change.CHANGED,
        version=connection.version,
        snapshot=connection.snapshot(),
        changed_by=actor,
        changed_at=when,
    )


def _end(connection: Connection, actor: User | None, when: dt.datetime, reason: str) -> None:
    connection.ended_at = when
    connection.ended_reason = reason
    connection.version += 1
    connection.updated_at = when
    connection.updated_by = actor
    connection.save()
    ConnectionHistory.objects.create(
        connection=connection,
        young_person=connection.young_person,
        change=ConnectionHistory.Change.ENDED,
        version=connection.version,
        snapshot=connection.snapshot(),
        changed_by=actor,
        changed_at=when,
    )


def _jayden(young_person: YoungPerson, sam: User | None) -> None:
    """Journey 1: the coach, the uncle who is his trusted adult, a school mentor, 'Ghost', a grey
    car, the boxing club where he feels safe and the shopping centre where he does not."""

    def put(days: int, **v: Any) -> Connection:
        return _put(young_person, sam, _at(days), **v)

    put(
        230,
        kind=K.FAMILY,
        name="Precious Mensah",
        relationship="mum",
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
        notes="Jayden says his mum is the person he is closest to, even when they argue.",
    )
    put(
        230,
        kind=K.FAMILY,
        name="Amara Mensah",
        relationship="little sister, 7",
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
        notes="He loves looking after her and walks her to school when he can.",
    )
    kwame = put(
        230,
        kind=K.FAMILY,
        name="Kwame Mensah",
        known_as="Uncle Kwame",
        relationship="uncle; coaches his football team",
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
    )
    put(
        230,
        kind=K.FRIEND,
        name="Tyler Brooks",
        relationship="best friend from football",
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
    )
    put(
        230,
        kind=K.HOME,
        name="Home",
        relationship="lives with mum and Amara",
        feeling=F.SAFE,
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
    )
    school = put(
        230,
        kind=K.SCHOOL,
        name="Northbridge Academy",
        relationship="Year 9",
        feeling=F.MIXED,
        quality=Q.STRESSFUL,
        said_by=S.WORKER,
        notes="Good at art and PE; finds some lessons hard since moving sets.",
    )
    centre = put(
        230,
        kind=K.OTHER_PLACE,
        name="Northbridge shopping centre",
        relationship="goes after school",
        feeling=F.MIXED,
        quality=Q.WEAK,
        said_by=S.PARENT,
    )
    marcus = put(
        230,
        kind=K.FRIEND,
        name="Marcus Reid",
        relationship="friend from primary school",
        quality=Q.WEAK,
        said_by=S.YOUNG_PERSON,
    )
    _end(marcus, sam, _at(100), "Marcus's family moved to Leeds; they still message sometimes.")
    put(
        200,
        kind=K.PROFESSIONAL,
        name="Leah Patel",
        relationship="social worker",
        quality=Q.WEAK,
        said_by=S.YOUNG_PERSON,
        notes="Jayden says he does not know Leah well yet; they are meeting every two weeks.",
    )
    put(
        150,
        kind=K.PERSON_OF_CONCERN,
        name="Unknown adult man",
        known_as="Ghost",
        relationship="older man who has been giving Jayden money and a phone",
        quality=Q.HARMFUL,
        said_by=S.PARENT,
        notes="Precious has seen Ghost collect Jayden near the shopping centre. We are worried "
        "Jayden is being groomed and criminally exploited by him.",
    )
    put(
        150,
        kind=K.VEHICLE,
        name="A grey car",
        known_as="grey Audi",
        relationship="older men inside; seen outside school and the shopping centre",
        quality=Q.HARMFUL,
        said_by=S.PARENT,
        notes="Precious wrote down part of the registration; passed to Sam.",
    )
    _change(
        centre,
        sam,
        _at(150, 11),
        feeling=F.UNSAFE,
        quality=Q.HARMFUL,
        notes="Where Ghost and the grey car have been seen. Jayden has said he feels "
        "pressured there.",
    )
    put(
        120,
        kind=K.PEER_GROUP,
        name="Older group at the shopping centre",
        relationship="older teenagers who hang around the car park",
        quality=Q.STRESSFUL,
        said_by=S.WORKER,
    )
    put(
        90,
        kind=K.CLUB,
        name="Eastside Boxing Club",
        relationship="trains three evenings a week",
        feeling=F.SAFE,
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
        notes="Jayden says he feels safe and calm there.",
    )
    put(
        90,
        kind=K.PROFESSIONAL,
        name="Dee Campbell",
        known_as="Coach Dee",
        relationship="boxing coach at Eastside Boxing Club",
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
    )
    mentor = put(
        60,
        kind=K.PROFESSIONAL,
        name="Ade Bello",
        known_as="Mr Bello",
        relationship="school mentor",
        quality=Q.WEAK,
        said_by=S.WORKER,
    )
    _change(
        kwame,
        sam,
        _at(60, 11),
        is_trusted_adult=True,
        notes="Jayden named his uncle as the person he would go to if he was scared.",
    )
    _change(
        mentor,
        sam,
        _at(20),
        quality=Q.STRONG,
        said_by=S.YOUNG_PERSON,
        notes="They meet weekly; Jayden says Mr Bello 'actually listens'.",
    )
    _change(school, sam, _at(20, 11), quality=Q.WEAK)


# A small fictional pool for every other young person's map. Words chosen with care.
_FIRST_NAMES = [
    "Aisha",
    "Bilal",
    "Chloe",
    "Dev",
    "Esi",
    "Femi",
    "Grace",
    "Hassan",
    "Ines",
    "Jordan",
    "Kofi",
    "Leila",
    "Marek",
    "Nadia",
    "Owen",
    "Priti",
    "Rhys",
    "Sana",
    "Tomasz",
    "Yusuf",
]
_WOMEN = ["Abena", "Beata", "Carmen", "Deborah", "Fatima", "Gloria", "Hyun-joo", "Joy", "Maureen"]
_MEN = ["Ali", "Barry", "Clive", "Desmond", "Emeka", "Gurdeep", "Henryk", "Ivan", "Winston"]
_LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Chen",
    "Davies",
    "Evans",
    "Farah",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mahmood",
    "Nowak",
    "Osei",
    "Patel",
    "Quinn",
    "Reid",
    "Singh",
    "Turner",
]
_TRUSTED = [
    (K.FAMILY, "Auntie {w}", "aunt; they talk most days"),
    (K.FAMILY, "Grandad {m}", "grandfather; picks them up from school on Fridays"),
    (K.FAMILY, "Nan {w}", "grandmother; they stay with her at weekends"),
    (K.PROFESSIONAL, "{f} {l}", "youth worker at the youth centre"),
    (K.PROFESSIONAL, "{f} {l}", "head of year at school"),
    (K.TRUSTED_ADULT, "{f} {l}", "neighbour who has known them since they were small"),
    (K.TRUSTED_ADULT, "{f} {l}", "football coach"),
]
_PROFESSIONALS = ["school nurse", "social worker", "family support worker", "school counsellor"]
_SCHOOLS = ["Northbridge Academy", "St Anne's High School", "Riverside College", "Millbrook School"]
_CLUBS = [
    ("Northbridge Youth Centre", "goes on Tuesday and Thursday evenings"),
    ("Riverside Dance School", "dances on Saturday mornings"),
    ("Saturday art club at the library", "draws and paints there most weeks"),
    ("Northbridge Swimming Club", "trains twice a week"),
    ("Eastside Boxing Club", "trains after school"),
]
_NICKNAMES = ["Sparks", "Tee", "Rico", "Dice", "Nines", "Blue"]
_UNSAFE_PLACES = [
    "the park by the canal",
    "Northbridge train station",
    "a flat on Mill Street",
    "the chicken shop on the high street",
    "the bus station",
]


def _age(young_person: YoungPerson) -> int:
    today = timezone.localdate()
    born = young_person.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def generated_ties(young_person: YoungPerson, family: Family) -> list[dict[str, Any]]:
    """Six to ten plausible ties for one young person, the same every time for the same person."""
    seed = f"{family.reference}:{young_person.first_name}:{young_person.last_name}"
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not security
    name = young_person.preferred_name or young_person.first_name
    ties: list[dict[str, Any]] = []

    def person() -> str:
        return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"

    for carer in family.carers.all():
        stressful = rng.random() < 0.25
        ties.append(
            {
                "kind": K.FAMILY,
                "name": carer.full_name,
                "relationship": carer.relationship,
                "quality": Q.STRESSFUL if stressful else Q.STRONG,
                "said_by": rng.choice([S.YOUNG_PERSON, S.PARENT, S.WORKER]),
                "notes": "Arguments at home have been harder since the worries began; both want "
                "to repair things."
                if stressful
                else "",
            }
        )
    ties.extend(
        {
            "kind": K.FAMILY,
            "name": sibling.display_name,
            "relationship": "sibling",
            "quality": Q.STRONG,
            "said_by": S.YOUNG_PERSON,
        }
        for sibling in family.young_people.exclude(pk=young_person.pk)
    )
    if rng.random() < 0.85:
        kind, template, relationship = rng.choice(_TRUSTED)
        ties.append(
            {
                "kind": kind,
                "name": template.format(
                    f=rng.choice(_FIRST_NAMES),
                    l=rng.choice(_LAST_NAMES),
                    w=rng.choice(_WOMEN),
                    m=rng.choice(_MEN),
                ),
                "relationship": relationship,
                "quality": Q.STRONG,
                "said_by": S.YOUNG_PERSON,
                "is_trusted_adult": True,
                "notes": f"{name} named them as someone they would go to if they were worried.",
            }
        )
    ties.append(
        {
            "kind": K.FRIEND,
            "name": rng.choice(_FIRST_NAMES),
            "relationship": "friend from school",
            "quality": rng.choice([Q.STRONG, Q.STRONG, Q.WEAK]),
            "said_by": S.YOUNG_PERSON,
        }
    )
    ties.append(
        {
            "kind": K.PROFESSIONAL,
            "name": person(),
            "relationship": rng.choice(_PROFESSIONALS),
            "quality": rng.choice([Q.WEAK, Q.STRONG]),
            "said_by": rng.choice([S.YOUNG_PERSON, S.WORKER]),
        }
    )
    ties.append(
        {
            "kind": K.HOME,
            "name": "Home",
            "feeling": rng.choice([F.SAFE, F.SAFE, F.MIXED]),
            "quality": Q.STRONG,
            "said_by": S.YOUNG_PERSON,
        }
    )
    ties.append(
        {
            "kind": K.SCHOOL,
            "name": rng.choice(_SCHOOLS),
            "feeling": rng.choice([F.SAFE, F.MIXED]),
            "quality": rng.choice([Q.STRONG, Q.WEAK, Q.STRESSFUL]),
            "said_by": S.WORKER,
        }
    )
    club, what = rng.choice(_CLUBS)
    ties.append(
        {
            "kind": K.CLUB,
            "name": club,
            "relationship": what,
            "feeling": F.SAFE,
            "quality": Q.STRONG,
            "said_by": S.YOUNG_PERSON,
        }
    )
    if _age(young_person) >= 11:
        nickname = rng.choice(_NICKNAMES)
        if rng.random() < 0.3:
            ties.append(
                {
                    "kind": K.PERSON_OF_CONCERN,
                    "name": "Online contact",
                    "known_as": nickname,
                    "relationship": "adult who messages them on social media",
                    "quality": Q.HARMFUL,
                    "said_by": S.PARENT,
                    "notes": f"We are worried {name} is being groomed online by this adult.",
                }
            )
        else:
            ties.append(
                {
                    "kind": K.PERSON_OF_CONCERN,
                    "name": "Unknown older man",
                    "known_as": nickname,
                    "relationship": "older man seen with them after school",
                    "quality": Q.HARMFUL,
                    "said_by": rng.choice([S.PARENT, S.WORKER]),
                    "notes": f"We are worried {name} is being exploited by this adult.",
                }
            )
        if rng.random() < 0.6:
            ties.append(
                {
                    "kind": K.OTHER_PLACE,
                    "name": rng.choice(_UNSAFE_PLACES).capitalize(),
                    "feeling": F.UNSAFE,
                    "quality": Q.HARMFUL,
                    "said_by": rng.choice([S.PARENT, S.YOUNG_PERSON, S.WORKER]),
                }
            )
        if rng.random() < 0.4:
            ties.append(
                {
                    "kind": K.PEER_GROUP,
                    "name": "Older group at the skate park",
                    "quality": Q.STRESSFUL,
                    "said_by": S.WORKER,
                }
            )
    while len(ties) < 6:
        ties.append(
            {
                "kind": K.FRIEND,
                "name": rng.choice(_FIRST_NAMES),
                "relationship": "friend",
                "quality": Q.STRONG,
                "said_by": S.YOUNG_PERSON,
            }
        )
    return ties[:10]


def _first_worker(family: Family) -> User | None:
    allocation = family.allocations.filter(ended_at__isnull=True).select_related("worker").first()
    return allocation.worker if allocation else None


@transaction.atomic
def seed(world: DemoWorld) -> None:
    jayden = world.young_people.get("jayden")
    if jayden is None:
        family = Family.objects.filter(reference="RS-0001").first()
        jayden = family.young_people.filter(first_name="Jayden").first() if family else None
    if jayden is not None and not Connection.objects.filter(young_person=jayden).exists():
        _jayden(jayden, world.people.get("sam"))
    needing_maps = (
        YoungPerson.objects.filter(connections__isnull=True)
        .select_related("family")
        .order_by("family__reference", "pk")
    )
    for young_person in needing_maps:
        family = young_person.family
        actor = _first_worker(family)
        now = timezone.now()
        start = min(
            max(family.opened_at, now - dt.timedelta(days=365)), now - dt.timedelta(days=12)
        )
        for i, values in enumerate(generated_ties(young_person, family)):
            _put(young_person, actor, start + dt.timedelta(days=1 + i), **values)
