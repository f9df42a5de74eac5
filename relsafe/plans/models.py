"""The family's support and safety plan, its actions, and the referrals the team makes (NRM, MASH,
MACE). Referrals live here because, like plan actions, they are things the team has to follow up
by a date: both feed the worker's task list and the caseload's deadlines. Access is decided in
``relsafe.access``, never here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.cases.models import Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class Plan(models.Model):
    """One living plan per family. Sharing with the family is a recorded decision: who, when, by whom."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="plan")
    summary = models.TextField(
        "What the plan is for",
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="In words the family would use: what everyone is working towards.",
    )
    review_on = models.DateField("Next review date", null=True, blank=True)
    shared_with_family = models.BooleanField("Shared with the family", default=False)
    shared_with = models.CharField(
        "Shared with",
        max_length=200,
        blank=True,
        help_text="Who in the family has the plan, for example 'Precious Mensah (mum)'.",
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Plain words for full-text search, filled by the services (relsafe.core.search).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_family=False) | Q(shared_at__isnull=False),
                name="shared_plan_has_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"Plan for {self.family}"


class PlanAction(models.Model):
    class OwnerType(models.TextChoices):
        WORKER = "worker", "Worker"
        PARENT = "parent", "Parent or carer"
        YOUNG_PERSON = "young_person", "Young person"
        AGENCY = "agency", "Another agency"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "No longer needed"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What will happen", validators=[MaxCharacters(SHORT_TEXT)])
    owner_type = models.CharField("Who will do it", max_length=20, choices=OwnerType.choices)
    owner_name = models.CharField(
        "Their name",
        max_length=200,
        blank=True,
        help_text="For a parent, young person or agency: their name, or the agency's name.",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name="Which worker",
    )
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Plain words for full-text search, filled by the services (relsafe.core.search).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_type="worker") | Q(owner_user__isnull=False),
                name="worker_action_has_a_worker",
            ),
            models.CheckConstraint(
                condition=Q(owner_type="worker") | ~Q(owner_name=""),
                name="other_action_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_display(self) -> str:
        if self.owner_type == self.OwnerType.WORKER and self.owner_user_id:
            return str(self.owner_user.full_name)  # type: ignore[union-attr]
        return f"{self.owner_name} ({self.get_owner_type_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class Referral(models.Model):
    """A referral or listing made for a young person, with the dates its decisions are due.

    One table for the three kinds because they share a life cycle (made → decided) and a place on
    the caseload's deadlines; fields that do not apply to a kind stay empty.
    """

    class Kind(models.TextChoices):
        NRM = "nrm", "National Referral Mechanism (NRM)"
        MASH = "mash", "MASH / front door referral"
        MACE = "mace", "MACE listing"

    class Decision(models.TextChoices):
        AWAITED = "awaited", "Awaited"
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="referrals")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="referrals"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    submitted_on = models.DateField(
        "Date made", help_text="When the referral was submitted or the young person was listed."
    )
    reference = models.CharField("Reference", max_length=100, blank=True)
    # NRM
    reasonable_grounds_on = models.DateField(
        "Reasonable grounds decision date", null=True, blank=True
    )
    reasonable_grounds_outcome = models.CharField(
        "Reasonable grounds decision",
        max_length=10,
        choices=Decision.choices,
        default=Decision.AWAITED,
    )
    conclusive_grounds_on = models.DateField(
        "Conclusive grounds decision date", null=True, blank=True
    )
    conclusive_grounds_outcome = models.CharField(
        "Conclusive grounds decision",
        max_length=10,
        choices=Decision.choices,
        default=Decision.AWAITED,
    )
    # MASH and MACE
    meeting_on = models.DateField("MACE meeting date", null=True, blank=True)
    outcome_on = models.DateField("Outcome date", null=True, blank=True)
    outcome = models.TextField("Outcome", blank=True, validators=[MaxCharacters(LONG_TEXT)])
    # The next outstanding decision (``plans.deadlines.next_deadline``), kept by the services that
    # change a referral so the caseload can sort and filter on it in SQL (working days are counted
    # in Python).
    next_decision = models.CharField(max_length=30, blank=True, editable=False)
    next_decision_on = models.DateField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Plain words for full-text search, filled by the services (relsafe.core.search).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(
                fields=["family", "next_decision", "next_decision_on"], name="referral_next_due"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reasonable_grounds_on__isnull=True)
                | Q(reasonable_grounds_on__gte=models.F("submitted_on")),
                name="rg_decision_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(conclusive_grounds_on__isnull=True)
                | Q(reasonable_grounds_on__isnull=False),
                name="cg_decision_after_rg_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.young_person} ({self.submitted_on:%d %b %Y})"
