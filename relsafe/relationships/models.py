"""The relationship map (ecomap): the people, places and vehicles around a young person, each with
the quality of the tie and who said so. Ties are never deleted, only ended, and every change writes a
``ConnectionHistory`` row so the map can be seen as it was on any earlier date."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.cases.models import YoungPerson
from relsafe.core.text_limits import LONG_TEXT, MaxCharacters


class Kind(models.TextChoices):
    # people
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    TRUSTED_ADULT = "trusted_adult", "Trusted adult (not family or a professional)"
    PROFESSIONAL = "professional", "Professional"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"
    PEER_GROUP = "peer_group", "Peer group"
    VEHICLE = "vehicle", "Vehicle of concern"
    # places
    HOME = "home", "Home"
    SCHOOL = "school", "School or college"
    CLUB = "club", "Club or activity"
    OTHER_PLACE = "other_place", "Other place"


PERSON_KINDS: tuple[str, ...] = (
    Kind.FAMILY,
    Kind.FRIEND,
    Kind.TRUSTED_ADULT,
    Kind.PROFESSIONAL,
    Kind.PERSON_OF_CONCERN,
    Kind.PEER_GROUP,
    Kind.VEHICLE,
)
PLACE_KINDS: tuple[str, ...] = (Kind.HOME, Kind.SCHOOL, Kind.CLUB, Kind.OTHER_PLACE)
# Who can be a young person's trusted adult: one person, never a person of concern, a group, a car
# or a place.
TRUSTABLE_KINDS: tuple[str, ...] = (
    Kind.FAMILY,
    Kind.FRIEND,
    Kind.TRUSTED_ADULT,
    Kind.PROFESSIONAL,
)


class Quality(models.TextChoices):
    STRONG = "strong", "Strong and supportive"
    WEAK = "weak", "Weak"
    STRESSFUL = "stressful", "Stressful"
    HARMFUL = "harmful", "Harmful"


class SaidBy(models.TextChoices):
    WORKER = "worker", "Worker"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    OTHER_AGENCY = "other_agency", "Another agency"


class Feeling(models.TextChoices):
    SAFE = "safe", "Feels safe"
    UNSAFE = "unsafe", "Feels unsafe"
    MIXED = "mixed", "Mixed"


TRUSTED_ADULT_NOT_OF_CONCERN = (
    "A person of concern cannot be the trusted adult. Choose another kind of person, or untick "
    "'Trusted adult'."
)
TRUSTED_ADULT_MUST_BE_A_PERSON = (
    "Only a person can be the trusted adult, not a group, a vehicle or a place."
)
TRUSTED_ADULT_NOT_HARMFUL = (
    "A trusted adult cannot have a harmful tie. If this person is harming the young person, record "
    "them as a person of concern."
)
PLACE_NEEDS_FEELING = "Select whether the place feels safe, unsafe or mixed"


class Connection(models.Model):
    """One tie on a young person's map: a person, a group, a vehicle or a place."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="connections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(
        max_length=120, help_text="A name, or a description if the name is not known."
    )
    known_as = models.CharField(
        max_length=120, blank=True, help_text="A nickname or the name the young person uses."
    )
    relationship = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who they are to the young person, e.g. 'uncle, coaches his football team'.",
    )
    quality = models.CharField(max_length=20, choices=Quality.choices)
    said_by = models.CharField(max_length=20, choices=SaidBy.choices)
    is_trusted_adult = models.BooleanField(default=False)
    feeling = models.CharField(max_length=10, choices=Feeling.choices, blank=True)
    notes = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    version = models.PositiveIntegerField(
        default=1, help_text="Optimistic lock: bumped on every change."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections_added",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections_changed",
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_trusted_adult=False) | Q(kind__in=TRUSTABLE_KINDS),
                name="trusted_adult_is_never_of_concern",
                violation_error_message=TRUSTED_ADULT_NOT_OF_CONCERN,
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.TRUSTED_ADULT) | Q(is_trusted_adult=True),
                name="trusted_adult_kind_is_marked_trusted",
            ),
            models.CheckConstraint(
                condition=Q(is_trusted_adult=False) | ~Q(quality=Quality.HARMFUL),
                name="trusted_adult_tie_is_not_harmful",
                violation_error_message=TRUSTED_ADULT_NOT_HARMFUL,
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=PLACE_KINDS) & ~Q(feeling=""))
                | (~Q(kind__in=PLACE_KINDS) & Q(feeling="")),
                name="only_places_have_a_feeling",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("created_at")),
                name="connection_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["young_person", "ended_at"], name="connection_live_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.known_as and self.known_as != self.name:
            return f"{self.name} (known as “{self.known_as}”)"
        return self.name

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def clean(self) -> None:
        """Cross-field rules with a message by the field a worker would change."""
        errors: dict[str, list[str]] = {}
        if self.kind == Kind.TRUSTED_ADULT:
            self.is_trusted_adult = True
        if self.is_trusted_adult:
            if self.kind == Kind.PERSON_OF_CONCERN:
                errors.setdefault("is_trusted_adult", []).append(TRUSTED_ADULT_NOT_OF_CONCERN)
            elif self.kind not in TRUSTABLE_KINDS:
                errors.setdefault("is_trusted_adult", []).append(TRUSTED_ADULT_MUST_BE_A_PERSON)
            if self.quality == Quality.HARMFUL:
                errors.setdefault("quality", []).append(TRUSTED_ADULT_NOT_HARMFUL)
        if self.kind in PLACE_KINDS and not self.feeling:
            errors.setdefault("feeling", []).append(PLACE_NEEDS_FEELING)
        if self.kind and self.kind not in PLACE_KINDS:
            self.feeling = ""
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict[str, Any]:
        """The fields a map shows, as plain values, for history and comparison."""
        return {
            "kind": self.kind,
            "name": self.name,
            "known_as": self.known_as,
            "relationship": self.relationship,
            "quality": self.quality,
            "said_by": self.said_by,
            "is_trusted_adult": self.is_trusted_adult,
            "feeling": self.feeling,
            "notes": self.notes,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "ended_reason": self.ended_reason,
        }


class ConnectionHistory(models.Model):
    """One row per change to a tie: what it looked like afterwards, who changed it and when."""

    class Change(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        ENDED = "ended", "Ended"

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="history")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="connection_history"
    )
    change = models.CharField(max_length=10, choices=Change.choices)
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "version"], name="one_history_row_per_version"
            )
        ]
        indexes = [
            models.Index(fields=["young_person", "changed_at"], name="connection_history_when_idx")
        ]
        verbose_name_plural = "connection history"

    def __str__(self) -> str:
        return f"{self.get_change_display()} v{self.version} of connection {self.connection_id}"
