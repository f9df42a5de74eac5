"""Demo assessments (fictional), in the careful language of PRODUCT.md §6.

Jayden (family RS-0001), journeys 1 and 5: over eight months the safety scale rises from 2 to 7 in
all three voices (Sam, his mum Precious, Jayden), and his screening comes down from high to medium.
Other demo families, looked up by reference and skipped when absent, get one mapping each.
Idempotent: a young person who already has mappings (or screenings) is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.assessments.models import SafetyMapping, Screening
from relsafe.assessments.search import mapping_search_text, screening_search_text
from relsafe.cases.models import Family
from relsafe.core.demo import DemoWorld
from relsafe.core.search import fill_missing_search_text

# (days ago, worker, parent, young person) — about eight months, six mappings.
JAYDEN_SCALES = [
    (235, 2, 2, 2),
    (190, 3, 2, 3),
    (145, 4, 3, 4),
    (100, 5, 5, 5),
    (55, 6, 6, 6),
    (10, 7, 7, 7),
]

HARM_EARLY = (
    "Jayden has gone missing three times since the spring; Precious found him at the train "
    "station at 3am the last time.\n"
    "Adults gave Jayden a new phone and money that nobody can explain.\n"
    "Jayden was seen being picked up by older males in a grey car."
)
HARM_LATER = (
    "Jayden went missing three times in the spring and was criminally exploited by adults who "
    "made him carry drugs to another town.\n"
    "He has not been missing for the last three months."
)
DANGER = (
    "We are worried that adults including a man known as 'Ghost' and the men in the grey car will "
    "keep grooming and criminally exploiting Jayden, and that he could be hurt, threatened or "
    "arrested.\n"
    "The shopping centre is a place where these adults approach young people."
)
STRENGTHS = [
    "Jayden loves football and plays for his team every Saturday.",
    "He loves his little sister Amara and walks her to school.",
    "He is good at drawing and wants to study art.",
    "Precious notices changes in Jayden quickly and keeps looking for him until he is safe.",
]
SAFETY = [
    "His uncle coaches his football team; Jayden says his uncle is the person he would tell.",
    "Precious keeps a dated log of cars, names and numbers and shares it with Sam.",
    "The boxing club is a safe place Jayden goes to twice a week.",
    "A school mentor meets Jayden every Tuesday.",
    "Jayden has blocked the numbers that were contacting him and showed Precious how.",
]
NEXT_STEPS = [
    "Sam and Precious keep a missing-from-home plan with photos and places to look.",
    "Sam passes what Precious sees to the police, without her name unless she agrees.",
    "School mentor and uncle agree how Jayden can reach one of them any time.",
    "The team asks the police to disrupt the adults at the shopping centre.",
]


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _seed_jayden(world: DemoWorld) -> None:
    family = Family.objects.filter(reference="RS-0001").first()
    if family is None:
        return
    jayden = family.young_people.filter(first_name="Jayden").first()
    sam = world.people.get("sam")
    if jayden is None or sam is None:
        return
    if not SafetyMapping.objects.filter(young_person=jayden).exists():
        for stage, (days, worker, parent, young) in enumerate(JAYDEN_SCALES):
            SafetyMapping.objects.create(
                family=family,
                young_person=jayden,
                mapped_on=_days_ago(days),
                recorded_by=sam,
                harm_statements=HARM_EARLY if stage < 3 else HARM_LATER,
                danger_statements=DANGER,
                existing_strengths="\n".join(STRENGTHS[: 2 + min(stage, 2)]),
                existing_safety="\n".join(SAFETY[: 1 + stage]),
                next_steps="\n".join(NEXT_STEPS[stage % 2 :]),
                worker_scale=worker,
                parent_scale=parent,
                young_person_scale=young,
                parent_name="Precious Mensah (mum)",
            )
    if not Screening.objects.filter(young_person=jayden).exists():
        screenings: list[tuple[int, str, dict[str, str], dict[str, str], str]] = [
            (
                230,
                Screening.Level.HIGH,
                {
                    "missing_episodes": "Three times in six weeks; found at the station at 3am.",
                    "older_associates": "Older males in a grey car; a man known as 'Ghost'.",
                    "unexplained_money": "New phone and cash.",
                    "picked_up_in_cars": "Grey car seen outside school.",
                    "found_out_of_area": "Found in another town by police.",
                    "secretive_phone": "Second phone, calls late at night.",
                    "school_changes": "Attendance fell to 60%.",
                },
                {"family_support": "Precious is working closely with Sam."},
                "Jayden is being criminally exploited: he was taken out of the area, has unexplained "
                "money and a second phone, and adults are picking him up. His mum is a strong "
                "protective presence.",
            ),
            (
                140,
                Screening.Level.HIGH,
                {
                    "missing_episodes": "One episode this quarter.",
                    "older_associates": "Still contacted by the same adults.",
                    "secretive_phone": "Second phone handed to police.",
                    "school_changes": "Attendance improving: 80%.",
                },
                {
                    "family_support": "Precious keeps a log and shares it.",
                    "trusted_adult": "His uncle, who coaches his team.",
                    "positive_activities": "Football and boxing club.",
                },
                "Fewer indicators, but the adults exploiting Jayden are still contacting him and "
                "have not been disrupted, so the level stays high until that changes.",
            ),
            (
                50,
                Screening.Level.MEDIUM,
                {
                    "older_associates": "One contact attempt, which Jayden told his uncle about.",
                    "secretive_phone": "Less secretive; shows Precious his messages.",
                },
                {
                    "trusted_adult": "Jayden goes to his uncle and his school mentor.",
                    "school_engagement": "Attendance 92%; working towards art GCSE.",
                    "positive_activities": "Football every Saturday, boxing twice a week.",
                    "family_support": "Precious and Jayden talk about what is happening.",
                    "talks_about_worries": "He told his uncle when he was contacted.",
                },
                "No missing episodes for three months and strong protective factors. The adults "
                "have not been charged yet, so the level is medium rather than low.",
            ),
        ]
        for days, level, indicators, protective, rationale in screenings:
            Screening.objects.create(
                family=family,
                young_person=jayden,
                screened_on=_days_ago(days),
                recorded_by=sam,
                indicators=indicators,
                protective_factors=protective,
                level=level,
                rationale=rationale,
                review_on=_days_ago(days) + dt.timedelta(days=91),
            )


def _lead_worker(family: Family) -> User | None:
    allocation = (
        family.allocations.filter(ended_at__isnull=True)
        .order_by("-is_lead", "started_at")
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


def _seed_other(reference: str) -> None:
    family = Family.objects.filter(reference=reference).first()
    if family is None:
        return
    young_person = family.young_people.first()
    worker = _lead_worker(family)
    if young_person is None or worker is None:
        return
    if SafetyMapping.objects.filter(young_person=young_person).exists():
        return
    SafetyMapping.objects.create(
        family=family,
        young_person=young_person,
        mapped_on=_days_ago(20),
        recorded_by=worker,
        harm_statements=f"{young_person.first_name} has been contacted online by adults the family "
        "does not know, who sent gifts.",
        danger_statements="We are worried that the adults contacting "
        f"{young_person.first_name} online are grooming them and will try to meet them.",
        existing_strengths=f"{young_person.first_name} is close to their mum and likes art club.",
        existing_safety="Mum checks in every evening and has told school what is happening.",
        next_steps="Worker and mum report the accounts to the police.\n"
        "School talks with them about staying safe online.",
        worker_scale=4,
        parent_scale=3,
        young_person_scale=6,
    )


@transaction.atomic
def seed(world: DemoWorld) -> None:
    _seed_jayden(world)
    for reference in ("RS-0002", "RS-0003", "RS-0004", "RS-0005", "RS-0006"):
        _seed_other(reference)
    fill_missing_search_text(SafetyMapping, mapping_search_text)
    fill_missing_search_text(Screening, screening_search_text)
