"""Demo outcomes (fictional), for journey 5 (PRODUCT.md §9): proof.

* The cost tables' first version (``services.seed_cost_tables``).
* Jayden's family (RS-0001): the assessments demo already has his safety scale rising from 2 to 7
  in all three voices over eight months. Here: the three missing episodes in the two months before
  the family was opened (the referral's "missing three times"), and Sam's recorded outcomes with
  his reasons: a secure placement avoided, the family stayed together, education re-engaged.
* Other demo families: outcomes across the cohort, and a first (lower) mapping before the one the
  assessments demo made, so the commissioner's figures have a safety scale to compare and enough
  families that some counts are shown and some are suppressed.

Precious's wellbeing and understanding come from the portal's check-ins (``sources.
register_parent_measures``), which are not on main yet. Idempotent: a family that already has
outcomes is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.assessments.models import SafetyMapping
from relsafe.assessments.search import mapping_search_text
from relsafe.cases.models import Family
from relsafe.core.demo import DemoWorld
from relsafe.core.search import fill_missing_search_text
from relsafe.outcomes.models import OutcomeEvent, OutcomeKind
from relsafe.outcomes.services import seed_cost_tables
from relsafe.records.models import MissingEpisode, ReturnHomeInterview

K = OutcomeKind

SECURE_AVOIDED = (
    "In the spring the strategy meeting discussed asking for a secure welfare order: Jayden had gone "
    "missing three times in two months and was found in another town. Since Precious and I put the "
    "missing-from-home plan in place, his uncle picks him up after training and the police have "
    "disrupted the adults at the shopping centre. The review meeting agreed a secure placement is no "
    "longer being considered: Jayden is safer at home with the people he trusts."
)
STAYED_TOGETHER = (
    "Children's social care closed the care proceedings planning. Precious and Jayden are talking "
    "about what happens, Jayden has not been missing for three months, and Amara is settled. The "
    "family stayed together with support rather than Jayden being accommodated."
)
EDUCATION = (
    "Jayden's attendance has gone from 60% to 92% this term. He meets his school mentor every "
    "Tuesday and is working towards his art GCSE."
)

# (reference, kind, days ago, for the first child (else the whole family), rationale)
COHORT: list[tuple[str, str, int, bool, str]] = [
    (
        "RS-0003",
        K.FAMILY_STAYED_TOGETHER,
        30,
        False,
        "Kai stayed with his grandparents under the kinship plan.",
    ),
    (
        "RS-0003",
        K.RESIDENTIAL_OR_FOSTER_AVOIDED,
        60,
        True,
        "A foster placement was being considered; not needed now.",
    ),
    (
        "RS-0004",
        K.FAMILY_STAYED_TOGETHER,
        20,
        False,
        "Maya is at home and the family plan is working.",
    ),
    ("RS-0004", K.EDUCATION_REENGAGED, 40, True, "Maya is back in lessons full time."),
    (
        "RS-0005",
        K.FAMILY_STAYED_TOGETHER,
        25,
        False,
        "The family stayed together with support.",
    ),
    (
        "RS-0005",
        K.RESIDENTIAL_OR_FOSTER_AVOIDED,
        70,
        True,
        "Residential care was discussed at the panel and not needed.",
    ),
    ("RS-0005", K.NRM_POSITIVE_DECISION, 90, True, "Positive conclusive grounds decision."),
    ("RS-0006", K.STEPPED_DOWN, 40, False, "Stepped down to early help."),
    ("RS-0006", K.FAMILY_STAYED_TOGETHER, 60, False, "Tyler is at home and doing well."),
    (
        "RS-0008",
        K.FAMILY_STAYED_TOGETHER,
        35,
        False,
        "Aaliyah and Jordan are at home with their mum.",
    ),
    (
        "RS-0008",
        K.RESIDENTIAL_OR_FOSTER_AVOIDED,
        80,
        True,
        "A foster placement request was withdrawn.",
    ),
    ("RS-0008", K.CHILD_ATTENDED_COURT, 50, True, "Aaliyah gave evidence by live link."),
    ("RS-0008", K.PARENT_ATTENDED_COURT, 50, False, "Her mum came to court with her."),
    ("RS-0010", K.EDUCATION_REENGAGED, 30, True, "Ellie has a college place."),
    ("RS-0010", K.FAMILY_STAYED_TOGETHER, 45, False, "Ellie stayed at home with her mum."),
    ("RS-0012", K.EDUCATION_REENGAGED, 50, True, "Mason is back at school every day."),
    ("RS-0012", K.RESIDENTIAL_OR_FOSTER_AVOIDED, 60, True, "No placement needed."),
    ("RS-0014", K.FAMILY_STAYED_TOGETHER, 40, False, "Harvey is at home."),
    ("RS-0014", K.SECURE_PLACEMENT_AVOIDED, 90, True, "Secure order no longer sought."),
    ("RS-0015", K.STEPPED_DOWN, 30, False, "Stepped down to universal services."),
    ("RS-0017", K.EDUCATION_REENGAGED, 40, True, "Lily is attending full time again."),
    ("RS-0018", K.RESIDENTIAL_OR_FOSTER_AVOIDED, 70, True, "Placement not needed."),
    ("RS-0018", K.NRM_POSITIVE_DECISION, 100, True, "Positive reasonable grounds decision."),
    ("RS-0019", K.EDUCATION_REENGAGED, 30, True, "Chloe is back at college."),
    ("RS-0021", K.STEPPED_DOWN, 50, False, "Stepped down to early help."),
    ("RS-0021", K.FAMILY_STAYED_TOGETHER, 80, False, "Ava is at home with her mum."),
    ("RS-0022", K.CHILD_ATTENDED_COURT, 30, True, "Samuel attended court with support."),
]

# Families whose only mapping (from the assessments demo) gets an earlier, lower one.
EARLIER_MAPPINGS = ("RS-0002", "RS-0003", "RS-0004", "RS-0005", "RS-0006")
# Missing episodes in the months before support: (reference, days before the family was opened).
EPISODES_BEFORE = [
    ("RS-0001", 20),
    ("RS-0001", 38),
    ("RS-0001", 55),
    ("RS-0003", 30),
    ("RS-0005", 45),
    ("RS-0008", 25),
]


def _lead(family: Family) -> User | None:
    allocation = (
        family.allocations.filter(ended_at__isnull=True)
        .order_by("-is_lead", "started_at")
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


def _on(family: Family, days_ago: int) -> dt.date:
    """``days_ago`` before today, but never before the family was opened."""
    opened = timezone.localtime(family.opened_at).date()
    return max(timezone.localdate() - dt.timedelta(days=days_ago), opened)


def _outcome(family: Family, kind: str, days_ago: int, child: bool, rationale: str) -> None:
    worker = _lead(family)
    if worker is None or not worker.organisation_id:
        return
    OutcomeEvent.objects.create(
        family=family,
        young_person=family.young_people.first() if child else None,
        kind=kind,
        occurred_on=_on(family, days_ago),
        rationale=rationale,
        recorded_by=worker,
        recorded_by_organisation_id=worker.organisation_id,
    )


def _episodes_before(reference: str, days_before: int) -> None:
    family = Family.objects.filter(reference=reference).first()
    if family is None:
        return
    child = family.young_people.first()
    worker = _lead(family)
    if child is None or worker is None or not worker.organisation_id:
        return
    reported = family.opened_at - dt.timedelta(days=days_before, hours=3)
    returned = reported + dt.timedelta(hours=14)
    episode = MissingEpisode.objects.create(
        family=family,
        young_person=child,
        reported_missing_at=reported,
        reported_by=f"{family.carers.first() or 'A parent'}",
        returned_at=returned,
        where_found="Found by police in another town",
        found_by=MissingEpisode.FoundBy.POLICE,
        risk_level=MissingEpisode.Risk.HIGH,
        recorded_by=worker,
        recorded_by_organisation_id=worker.organisation_id,
        recorded_at=family.opened_at,
    )
    # Held by the council's independent interviewer before the family came to the service, so
    # nothing is left for the worker to do about it now.
    ReturnHomeInterview.objects.create(
        episode=episode,
        offered_at=returned + dt.timedelta(hours=4),
        done_at=returned + dt.timedelta(hours=30),
        done_by="Independent return home interviewer (council)",
        recorded_by=worker,
        recorded_at=family.opened_at,
    )


def _earlier_mapping(reference: str) -> None:
    family = Family.objects.filter(reference=reference).first()
    if family is None:
        return
    mappings = list(SafetyMapping.objects.filter(family=family).order_by("mapped_on"))
    if len(mappings) != 1:
        return
    later = mappings[0]
    earlier_on = max(
        later.mapped_on - dt.timedelta(days=70), timezone.localtime(family.opened_at).date()
    )
    if earlier_on >= later.mapped_on:
        return
    SafetyMapping.objects.create(
        family=family,
        young_person=later.young_person,
        mapped_on=earlier_on,
        recorded_by=later.recorded_by,
        harm_statements=later.harm_statements,
        danger_statements=later.danger_statements,
        existing_strengths=later.existing_strengths,
        existing_safety="Mum checks in every evening.",
        next_steps=later.next_steps,
        worker_scale=max((later.worker_scale or 3) - 2, 0),
        parent_scale=max((later.parent_scale or 3) - 1, 0),
        young_person_scale=max((later.young_person_scale or 3) - 2, 0),
    )


def _seed_jayden(world: DemoWorld) -> None:
    family = Family.objects.filter(reference="RS-0001").first()
    sam = world.people.get("sam")
    if family is None or sam is None or OutcomeEvent.objects.filter(family=family).exists():
        return
    jayden = family.young_people.filter(first_name="Jayden").first()
    for kind, days, child, rationale in (
        (K.SECURE_PLACEMENT_AVOIDED, 100, True, SECURE_AVOIDED),
        (K.FAMILY_STAYED_TOGETHER, 20, False, STAYED_TOGETHER),
        (K.EDUCATION_REENGAGED, 45, True, EDUCATION),
    ):
        OutcomeEvent.objects.create(
            family=family,
            young_person=jayden if child else None,
            kind=kind,
            occurred_on=_on(family, days),
            rationale=rationale,
            recorded_by=sam,
            recorded_by_organisation_id=sam.organisation_id,
        )


@transaction.atomic
def seed(world: DemoWorld) -> None:
    seed_cost_tables(changed_by=world.people.get("robin"))
    fresh = not OutcomeEvent.objects.exists()
    _seed_jayden(world)
    if not fresh:
        return
    for reference, days_before in EPISODES_BEFORE:
        _episodes_before(reference, days_before)
    for reference in EARLIER_MAPPINGS:
        _earlier_mapping(reference)
    families = {f.reference: f for f in Family.objects.filter(reference__in={c[0] for c in COHORT})}
    for reference, kind, days, child, rationale in COHORT:
        family = families.get(reference)
        if family is not None:
            _outcome(family, kind, days, child, rationale)
    fill_missing_search_text(SafetyMapping, mapping_search_text)
