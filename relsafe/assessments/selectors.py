"""Reads of assessments. Every entry point takes the acting user and starts from
``relsafe.cases.selectors.get_family`` (404 and audit for anyone without a route to the family).

``significant_assessment_events`` and ``family_summary`` take a family that the caller already
obtained through ``get_family``; they never widen access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.assessments.charts import ScalePoint
from relsafe.assessments.models import VOICES, SafetyMapping, Screening
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.events import SignificantEvent
from relsafe.cases.models import Family, YoungPerson
from relsafe.cases.selectors import get_family


def _visible_family_ids(user: User) -> Any:
    """Families whose assessments this person may open (``Action.VIEW_ASSESSMENTS``). None when
    they see no assessments at all."""
    if not policy.can(user, Action.VIEW_ASSESSMENTS):
        return None
    return policy.families_for(user, Action.VIEW_ASSESSMENTS).values("pk")


def visible_mappings(user: User) -> QuerySet[SafetyMapping]:
    families = _visible_family_ids(user)
    if families is None:
        return SafetyMapping.objects.none()
    return SafetyMapping.objects.filter(family__in=families)


def visible_screenings(user: User) -> QuerySet[Screening]:
    families = _visible_family_ids(user)
    if families is None:
        return Screening.objects.none()
    return Screening.objects.filter(family__in=families)


def _mappings(family: Family) -> QuerySet[SafetyMapping]:
    return SafetyMapping.objects.filter(family=family).select_related("young_person", "recorded_by")


def _screenings(family: Family) -> QuerySet[Screening]:
    return Screening.objects.filter(family=family).select_related("young_person", "recorded_by")


def scale_points(mappings: list[SafetyMapping]) -> list[ScalePoint]:
    """Oldest first, one point per mapping, for the chart and its table."""
    ordered = sorted(mappings, key=lambda m: (m.mapped_on, m.pk))
    return [ScalePoint(date=m.mapped_on, scales=m.scales()) for m in ordered]


@dataclass
class YoungPersonAssessments:
    young_person: YoungPerson
    mappings: list[SafetyMapping]
    screenings: list[Screening]

    @property
    def points(self) -> list[ScalePoint]:
        return scale_points(self.mappings)

    @property
    def latest_mapping(self) -> SafetyMapping | None:
        return self.mappings[0] if self.mappings else None

    @property
    def latest_screening(self) -> Screening | None:
        return self.screenings[0] if self.screenings else None

    @property
    def voices_used(self) -> list[tuple[str, str]]:
        return [
            (voice, label)
            for voice, label in VOICES
            if any(m.scales()[voice] is not None for m in self.mappings)
        ]


def _by_young_person(family: Family) -> list[YoungPersonAssessments]:
    mappings = list(_mappings(family))
    screenings = list(_screenings(family))
    return [
        YoungPersonAssessments(
            young_person=yp,
            mappings=[m for m in mappings if m.young_person_id == yp.pk],
            screenings=[s for s in screenings if s.young_person_id == yp.pk],
        )
        for yp in family.young_people.all()
    ]


def family_assessments(*, user: User, family_pk: int, request: HttpRequest | None = None) -> Any:
    """Everything on the assessments page: per young person, mappings and screenings, newest first."""
    family = get_family(user=user, pk=family_pk, request=request)
    return {"family": family, "people": _by_young_person(family)}


def get_family_for_assessment(
    *, user: User, family_pk: int, request: HttpRequest | None = None
) -> Family:
    """The family, for pages that add a new assessment."""
    return get_family(user=user, pk=family_pk, request=request)


def mapping_starting_point(family: Family, young_person_pk: str | None) -> dict[str, Any]:
    """Initial values for a new mapping: the last mapping's entries for that young person, so the
    worker updates rather than retypes (the scales start empty: each is asked afresh)."""
    young_person = (
        family.young_people.filter(pk=young_person_pk).first()
        if young_person_pk and young_person_pk.isdigit()
        else family.young_people.first()
    )
    if young_person is None:
        return {}
    initial: dict[str, Any] = {"young_person": young_person.pk}
    last = _mappings(family).filter(young_person=young_person).first()
    if last is not None:
        for field in (
            "harm_statements",
            "danger_statements",
            "existing_strengths",
            "existing_safety",
            "next_steps",
            "parent_name",
            "agency_name",
        ):
            initial[field] = getattr(last, field)
    return initial


def get_mapping(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> SafetyMapping:
    family = get_family(user=user, pk=family_pk, request=request)
    mapping = _mappings(family).filter(pk=pk).first()
    if mapping is None:
        raise policy.not_found(
            user,
            Action.VIEW_ASSESSMENTS,
            object_type="assessments.safetymapping",
            object_id=pk,
            family=family,
            request=request,
        )
    record(action=AuditAction.VIEW, actor=user, request=request, obj=mapping, reason="case access")
    return mapping


def mapping_history(mapping: SafetyMapping) -> list[SafetyMapping]:
    """All mappings for the same young person, for the chart on the mapping page."""
    return list(
        SafetyMapping.objects.filter(
            family_id=mapping.family_id, young_person_id=mapping.young_person_id
        )
    )


def get_screening(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> Screening:
    family = get_family(user=user, pk=family_pk, request=request)
    screening = _screenings(family).filter(pk=pk).first()
    if screening is None:
        raise policy.not_found(
            user,
            Action.VIEW_ASSESSMENTS,
            object_type="assessments.screening",
            object_id=pk,
            family=family,
            request=request,
        )
    record(
        action=AuditAction.VIEW, actor=user, request=request, obj=screening, reason="case access"
    )
    return screening


def latest_screening(family: Family, young_person: YoungPerson) -> Screening | None:
    return _screenings(family).filter(young_person=young_person).first()


def family_summary(family: Family) -> list[YoungPersonAssessments]:
    """For the family page: the latest scale and screening per young person (family already checked)."""
    return _by_young_person(family)


# A dated significant event for the chronology (the shape is the family's: ``cases.events``).
AssessmentEvent = SignificantEvent


def _average(scales: dict[str, int | None]) -> float | None:
    values = [v for v in scales.values() if v is not None]
    return sum(values) / len(values) if values else None


def significant_assessment_events(family: Family) -> list[AssessmentEvent]:
    """Dated events from this family's assessments, oldest first.

    A mapping is a strength when the safety scale rose since the last one (or starts at 6 or more),
    otherwise a concern; a screening is a concern at medium or high, a strength when the level came
    down or is low. The caller must have obtained ``family`` through ``get_family``.
    """
    events: list[AssessmentEvent] = []
    previous: dict[int, float | None] = {}
    for mapping in sorted(_mappings(family), key=lambda m: (m.mapped_on, m.pk)):
        average = _average(mapping.scales())
        before = previous.get(mapping.young_person_id)
        rose = before is not None and average is not None and average > before
        first_good = before is None and average is not None and average >= 6
        voices = ", ".join(
            f"{label.lower()} {mapping.scales()[voice]}"
            for voice, label in VOICES
            if mapping.scales()[voice] is not None
        )
        events.append(
            AssessmentEvent(
                date=mapping.mapped_on,
                title=f"Strengths and worries mapping for {mapping.young_person.display_name}: "
                f"safety scale {voices}",
                kind="strength" if rose or first_good else "concern",
                object_type="assessments.safetymapping",
                object_id=mapping.pk,
                recorded_by=mapping.recorded_by.full_name,
                young_person_ids=frozenset({mapping.young_person_id}),
            )
        )
        previous[mapping.young_person_id] = average
    order = {"low": 0, "medium": 1, "high": 2}
    last_level: dict[int, str] = {}
    for screening in sorted(_screenings(family), key=lambda s: (s.screened_on, s.pk)):
        before_level = last_level.get(screening.young_person_id)
        came_down = before_level is not None and order[screening.level] < order[before_level]
        events.append(
            AssessmentEvent(
                date=screening.screened_on,
                title=f"Exploitation screening for {screening.young_person.display_name}: "
                f"{screening.get_level_display().lower()}"
                + (f" (was {before_level})" if before_level and came_down else ""),
                kind="strength" if came_down or screening.level == "low" else "concern",
                object_type="assessments.screening",
                object_id=screening.pk,
                recorded_by=screening.recorded_by.full_name,
                young_person_ids=frozenset({screening.young_person_id}),
            )
        )
        last_level[screening.young_person_id] = screening.level
    return sorted(events, key=lambda e: e.date)


def overdue_screening_reviews(*, user: User) -> list[Screening]:
    """The latest screening per young person whose review date has passed, across the families
    this person may see (for their start page)."""
    today = timezone.localdate()
    families = policy.visible_families(user)
    latest: dict[int, Screening] = {}
    for screening in Screening.objects.filter(family__in=families).select_related(
        "young_person", "family"
    ):
        current = latest.get(screening.young_person_id)
        if current is None or (screening.screened_on, screening.pk) > (
            current.screened_on,
            current.pk,
        ):
            latest[screening.young_person_id] = screening
    return sorted((s for s in latest.values() if s.review_on < today), key=lambda s: s.review_on)
