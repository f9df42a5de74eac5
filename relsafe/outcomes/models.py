"""Outcomes as they happen, and the tables that turn them into an estimate of statutory cost avoided.

* ``OutcomeEvent``: an outcome the worker records (family stayed together, secure placement avoided
  …) with its date, the young person or the whole family, and the worker's reasons. Outcomes that
  the record already shows (missing episodes down, return home interviews in time, the safety scale
  up) are computed, never typed: see ``outcomes.sources``.
* ``UnitCost``, ``Counterfactual`` and ``UpratingIndex``: the editable tables behind every figure.
  Rows are never changed in place: each change adds a row in a new ``TableVersion`` and retires the
  row it replaces, so the tables as they stood at any version can be read back, and a published
  report names the version it was built with.
* ``PublishedReport``: the commissioner's report as it was published, figures and all, so a later
  change to a cost or a probability never rewrites it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.accounts.models import Organisation, Team
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class OutcomeKind(models.TextChoices):
    """Every kind of outcome, recorded or computed (``RECORDED_KINDS`` are the ones a worker types)."""

    FAMILY_STAYED_TOGETHER = "family_stayed_together", "Family stayed together"
    SECURE_PLACEMENT_AVOIDED = "secure_placement_avoided", "Secure placement avoided"
    RESIDENTIAL_OR_FOSTER_AVOIDED = (
        "residential_or_foster_avoided",
        "Residential or foster placement avoided",
    )
    CHILD_ATTENDED_COURT = "child_attended_court", "Child attended court"
    PARENT_ATTENDED_COURT = "parent_attended_court", "Parent attended court"
    NRM_POSITIVE_DECISION = "nrm_positive_decision", "NRM positive decision"
    EDUCATION_REENGAGED = "education_reengaged", "Education re-engaged"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    # Computed from the record (outcomes.sources), never typed.
    MISSING_EPISODES_DOWN = "missing_episodes_down", "Missing episodes down"
    RETURN_INTERVIEW_IN_TIME = "return_interview_in_time", "Return home interview done in time"
    SAFETY_SCALE_UP_WORKER = "safety_scale_up_worker", "Safety scale up: worker"
    SAFETY_SCALE_UP_PARENT = "safety_scale_up_parent", "Safety scale up: parent or carer"
    SAFETY_SCALE_UP_YOUNG_PERSON = "safety_scale_up_young_person", "Safety scale up: young person"
    PARENT_WELLBEING_UP = "parent_wellbeing_up", "Parent's wellbeing up"
    PARENT_UNDERSTANDING_UP = "parent_understanding_up", "Parent's understanding up"
    PARENT_CONFIDENCE_UP = "parent_confidence_up", "Parent's confidence up"


RECORDED_KINDS: tuple[str, ...] = (
    OutcomeKind.FAMILY_STAYED_TOGETHER,
    OutcomeKind.SECURE_PLACEMENT_AVOIDED,
    OutcomeKind.RESIDENTIAL_OR_FOSTER_AVOIDED,
    OutcomeKind.CHILD_ATTENDED_COURT,
    OutcomeKind.PARENT_ATTENDED_COURT,
    OutcomeKind.NRM_POSITIVE_DECISION,
    OutcomeKind.EDUCATION_REENGAGED,
    OutcomeKind.STEPPED_DOWN,
)


class OutcomeEvent(models.Model):
    """An outcome the worker records as it happens, with their reasons."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="outcome_events")
    young_person = models.ForeignKey(
        YoungPerson,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_events",
        help_text="Empty when the outcome is the whole family's.",
    )
    kind = models.CharField(max_length=40, choices=OutcomeKind.choices)
    occurred_on = models.DateField("Date of the outcome")
    rationale = models.TextField(
        "Why you are recording this outcome",
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What happened, and why you judge it to be this outcome.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(RECORDED_KINDS)), name="outcome_event_kind_is_recorded"
            )
        ]

    def __str__(self) -> str:
        return f"{OutcomeKind(self.kind).label} on {self.occurred_on:%d %b %Y}"


class TableVersion(models.Model):
    """One change to the cost tables (unit costs, probabilities, uprating index): who, when, why.
    ``number`` is what a published report names."""

    number = models.PositiveIntegerField(unique=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.summary}"


class Versioned(models.Model):
    """A row of a cost table: valid from ``table_version`` until ``retired_in`` (if ever)."""

    table_version = models.ForeignKey(TableVersion, on_delete=models.PROTECT, related_name="+")
    retired_in = models.ForeignKey(
        TableVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class UnitCost(Versioned):
    """One published unit cost, with its price year and source, for the cost-avoidance estimate."""

    class Unit(models.TextChoices):
        PER_YEAR = "year", "per child per year"
        PER_WEEK = "week", "per week"
        PER_EPISODE = "episode", "per episode"
        PER_DAY = "day", "per sitting day"
        PER_CASE = "case", "per case"

    key = models.SlugField(max_length=60, help_text="Stable name used by the probabilities table.")
    item = models.CharField(max_length=200)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    price_year = models.PositiveSmallIntegerField(
        help_text="The year whose prices the amount is in (financial years by their first year)."
    )
    source = models.CharField(max_length=300, help_text="Who published the figure, and when.")
    source_url = models.URLField(max_length=500, blank=True)
    citation = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    cashable = models.BooleanField(
        help_text="Cashable: money a budget holder would not spend. Non-cashable: time or "
        "capacity freed, worth the same but not released as cash."
    )

    class Meta:
        ordering = ["item", "-table_version__number"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="unit_cost_not_negative"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(retired_in__isnull=True), name="one_live_unit_cost"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: £{self.amount:,.2f} {self.get_unit_display()} ({self.price_year})"


class Counterfactual(Versioned):
    """For one avoidable outcome: how likely it is that the cost would have been incurred without
    support (low, central, high), how much of the unit cost one such outcome avoids, and why."""

    kind = models.CharField(max_length=40, choices=OutcomeKind.choices)
    unit_cost_key = models.SlugField(max_length=60)
    quantity = models.DecimalField(
        max_digits=8,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Units of the cost one outcome avoids (e.g. 0.5 years of a placement). For "
        "missing episodes, per episode fewer.",
    )
    quantity_reason = models.CharField(max_length=300)
    probability_low = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    probability_central = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    probability_high = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    source = models.CharField(
        max_length=300, help_text='Where the probability comes from, or "local assumption".'
    )
    source_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "-table_version__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability_low__gte=0)
                & Q(probability_high__lte=1)
                & Q(probability_low__lte=models.F("probability_central"))
                & Q(probability_central__lte=models.F("probability_high")),
                name="counterfactual_probabilities_ordered_in_0_1",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="counterfactual_quantity"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(retired_in__isnull=True),
                name="one_live_counterfactual",
            ),
        ]

    def __str__(self) -> str:
        return f"{OutcomeKind(self.kind).label}: {self.probability_central}"

    @property
    def is_local_assumption(self) -> bool:
        return self.source.strip().lower() == "local assumption"


class UpratingIndex(Versioned):
    """One year of the price index used to bring every figure to the same year's prices."""

    year = models.PositiveSmallIntegerField()
    index = models.DecimalField(
        max_digits=8, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    source = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["year", "-table_version__number"]
        verbose_name_plural = "uprating index"
        constraints = [
            models.CheckConstraint(condition=Q(index__gt=0), name="uprating_index_positive"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(retired_in__isnull=True), name="one_live_index_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.index}"


class PublishedReport(models.Model):
    """The commissioner's report as published: the scope, the table version and every figure, kept
    as they were so that later changes to the tables never rewrite it. Holds aggregates only."""

    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    table_version = models.ForeignKey(TableVersion, on_delete=models.PROTECT, related_name="+")
    figures = models.JSONField(help_text="Every table and figure of the report, suppressed.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title
