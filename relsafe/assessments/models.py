"""Assessments made with the family: strengths-and-worries mappings with a safety scale per voice,
and transparent exploitation screenings. Access is decided in ``relsafe.access``, never here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.assessments.validators import SCALE_MAX, SCALE_MIN, statement_lines, validate_scale
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT, MaxCharacters

# The note beside each ticked indicator or protective factor (kept in the JSON checklists).
CHECKLIST_NOTE_LIMIT = 500

VOICES: tuple[tuple[str, str], ...] = (
    ("worker", "Worker"),
    ("parent", "Parent or carer"),
    ("young_person", "Young person"),
    ("agency", "Other agency"),
)


def _scale_field(label: str) -> Any:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[validate_scale]
    )


def _in_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": SCALE_MIN, f"{field}__lte": SCALE_MAX}
    )


class SafetyMapping(models.Model):
    """One strengths-and-worries mapping for one young person, on one date.

    Three columns (worried about / working well / needs to happen) each hold one entry per line, and
    the 0 to 10 safety scale is kept separately for each voice so that the history shows how each
    person's view moved.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="safety_mappings")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="safety_mappings"
    )
    mapped_on = models.DateField("Date of the mapping", default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What are we worried about?
    harm_statements = models.TextField(
        "Harm: what has happened",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What has happened to the young person and how it affected them. One per line.",
    )
    danger_statements = models.TextField(
        "Danger: what we are worried could happen",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text=(
            "Name who or what the danger comes from — the people exploiting the young person, or the "
            "places and online spaces — not the parents. One per line."
        ),
    )
    # What is working well?
    existing_strengths = models.TextField(
        "Strengths",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="The young person's and family's strengths, interests and good relationships.",
    )
    existing_safety = models.TextField(
        "Safety that is already there",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What people already do that keeps the young person safe, and who does it.",
    )
    # What needs to happen?
    next_steps = models.TextField(
        "What needs to happen",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What each person will do next, so the young person is safer. One per line.",
    )
    worker_scale = _scale_field("Worker")
    parent_scale = _scale_field("Parent or carer")
    young_person_scale = _scale_field("Young person")
    agency_scale = _scale_field("Other agency")
    parent_name = models.CharField("Parent or carer's name", max_length=200, blank=True)
    agency_name = models.CharField("Which agency", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Plain words for full-text search, filled by the services (relsafe.core.search).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["-mapped_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_in_range("worker_scale"), name="mapping_worker_0_10"),
            models.CheckConstraint(condition=_in_range("parent_scale"), name="mapping_parent_0_10"),
            models.CheckConstraint(
                condition=_in_range("young_person_scale"), name="mapping_young_person_0_10"
            ),
            models.CheckConstraint(condition=_in_range("agency_scale"), name="mapping_agency_0_10"),
            models.CheckConstraint(
                condition=Q(worker_scale__isnull=False)
                | Q(parent_scale__isnull=False)
                | Q(young_person_scale__isnull=False)
                | Q(agency_scale__isnull=False),
                name="mapping_has_a_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"Strengths and worries for {self.young_person} on {self.mapped_on:%d %b %Y}"

    def scales(self) -> dict[str, int | None]:
        return {voice: getattr(self, f"{voice}_scale") for voice, _ in VOICES}

    def columns(self) -> dict[str, list[str]]:
        return {
            "harm": statement_lines(self.harm_statements),
            "danger": statement_lines(self.danger_statements),
            "strengths": statement_lines(self.existing_strengths),
            "safety": statement_lines(self.existing_safety),
            "next_steps": statement_lines(self.next_steps),
        }


def default_review_date() -> dt.date:
    """Three months on: the usual local review interval for a screening (a local setting)."""
    today = timezone.localdate()
    month = today.month + 3
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return today + dt.timedelta(days=91)  # pragma: no cover


class Screening(models.Model):
    """An exploitation screening: indicators and protective factors ticked with notes, the level the
    practitioner chose and why. No score is computed or stored."""

    class Level(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="screenings")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="screenings"
    )
    screened_on = models.DateField("Date of the screening", default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.JSONField(
        default=dict, blank=True, help_text="Indicator code → the worker's note."
    )
    protective_factors = models.JSONField(
        default=dict, blank=True, help_text="Protective factor code → the worker's note."
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    rationale = models.TextField("Why you chose this level", validators=[MaxCharacters(LONG_TEXT)])
    review_on = models.DateField("Review date", default=default_review_date)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Plain words for full-text search, filled by the services (relsafe.core.search).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["-screened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["low", "medium", "high"]), name="screening_level_known"
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("screened_on")),
                name="screening_review_after_screening",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening for {self.young_person} on {self.screened_on:%d %b %Y}"

    @property
    def review_overdue(self) -> bool:
        return self.review_on < timezone.localdate()
