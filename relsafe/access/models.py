"""Emergency access records. Everyday access comes from allocations and shares (``relsafe.cases``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.core.text_limits import SHORT_TEXT, MaxCharacters


class BreakGlassGrant(models.Model):
    """Time-limited access to one family by someone not allocated to it, given a reason, with the
    case owner told and a second person's review afterwards (HL7 EHR-S FM TI.2.1.2.8)."""

    class ReasonCode(models.TextChoices):
        OUT_OF_HOURS = "out_of_hours", "Out-of-hours emergency (duty cover)"
        IMMINENT_RISK = "imminent_risk", "Imminent risk of serious harm"
        MISSING = "missing", "Child reported missing"
        POLICE_REQUEST = "police_request", "Urgent request from police"
        OTHER = "other", "Other (explain below)"

    class ReviewOutcome(models.TextChoices):
        JUSTIFIED = "justified", "Justified"
        NOT_JUSTIFIED = "not_justified", "Not justified: follow up"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    family = models.ForeignKey(
        "cases.Family", on_delete=models.CASCADE, related_name="break_glass_grants"
    )
    reason_code = models.CharField(max_length=30, choices=ReasonCode.choices)
    reason_text = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="break_glass_reviews",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_notes = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])

    class Meta:
        ordering = ["-started_at"]
        permissions = [("review_breakglassgrant", "Can review break-glass access")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")), name="break_glass_expires_later"
            ),
            models.CheckConstraint(
                condition=~Q(reviewed_by=models.F("user")), name="break_glass_reviewed_by_another"
            ),
        ]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} on {self.family}"

    @property
    def review_due_at(self) -> dt.datetime:
        """A second person reviews every use within ``BREAK_GLASS_REVIEW_DAYS`` of its start."""
        return self.started_at + dt.timedelta(days=settings.BREAK_GLASS_REVIEW_DAYS)

    def is_live(self, at: object = None) -> bool:
        now = at or timezone.now()
        return self.ended_at is None and self.started_at <= now < self.expires_at  # type: ignore[operator]


class Notification(models.Model):
    """An in-app message for one person. Emails only ever say 'sign in to read it' (PRODUCT.md §8):
    the words that matter stay here, behind sign-in."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=500)
    link = models.CharField(
        max_length=300, blank=True, help_text="A path inside relsafe, e.g. /families/12/."
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"Message for {self.recipient}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
