"""The parent's evidence log: dated entries a parent (or a worker on their behalf) records about
what they saw, which never change once submitted and form a hash chain per family.

Two kinds of row:

* **what was said** — :class:`EvidenceEntry` and the things it names (people, vehicles, phone
  numbers, social media handles, photos). Written once by ``evidence.services.submit_entry`` and
  never updated: the model refuses a second save and a database trigger refuses ``UPDATE`` on
  every one of these tables (migration 0002). A correction is a new entry pointing at the one it
  corrects. Each entry's hash covers its canonical content, its time, its author and the
  previous entry's hash (``evidence.chain``), so an edit made behind the application's back is
  found by ``manage.py verify_evidence``.
* **what happened to it** — :class:`EntryHandling`, one per entry, the only row that changes: the
  worker's review, "not to be shown to other agencies", passed to police, police acknowledged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from relsafe.cases.models import Family
from relsafe.core.crypto import EncryptedCharField, EncryptedTextField
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class EntryIsFinal(Exception):
    """A submitted entry (or anything it names) was about to be changed; corrections are new
    entries."""


class _WrittenOnce(models.Model):
    """Saved once, never again (the database refuses an UPDATE as well)."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise EntryIsFinal(
                f"{self._meta.label} rows never change once submitted; add a correction instead."
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class EvidenceEntry(_WrittenOnce):
    """One dated entry in a family's log, as its author submitted it."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="evidence_entries")
    sequence = models.PositiveIntegerField(help_text="1, 2, 3… within the family's log.")
    occurred_on = models.DateField("Date it happened")
    occurred_time = models.TimeField("Time it happened", null=True, blank=True)
    # What the parent wrote, and whom it names, is encrypted at rest (core.crypto); the hash chain
    # is taken over the plaintext, so verify_evidence does not depend on the key.
    what_happened = EncryptedTextField(
        "What you saw or heard", validators=[MaxCharacters(LONG_TEXT)]
    )
    place = EncryptedCharField("Where it happened", max_length=300, blank=True)
    postcode = models.CharField("Postcode", max_length=8, blank=True)
    source_note = EncryptedCharField(
        "Who told you, and how",
        max_length=300,
        blank=True,
        help_text="Only when a worker records the entry on the family's behalf.",
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="corrections",
        help_text="The earlier entry this one corrects; both stay in the log.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_recorded"
    )
    by_worker = models.BooleanField(
        default=False, help_text="Recorded by a worker on the family's behalf."
    )
    author_name = models.CharField(
        max_length=200, help_text="The author's name when they wrote it."
    )
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = "evidence log entry"
        verbose_name_plural = "evidence log entries"
        constraints = [
            models.UniqueConstraint(fields=["family", "sequence"], name="evidence_one_per_place"),
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="evidence_seq_pos"),
        ]

    def __str__(self) -> str:
        return f"Entry {self.sequence} in {self.family.reference}"


class _Named(_WrittenOnce):
    """Something an entry names, in the order it was typed."""

    position = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.position + 1} of entry {self.entry_id}"  # type: ignore[attr-defined]


class EntryPerson(_Named):
    entry = models.ForeignKey(EvidenceEntry, on_delete=models.CASCADE, related_name="people")
    name = EncryptedCharField("Name", max_length=200, blank=True)
    nickname = EncryptedCharField("Nickname or street name", max_length=200, blank=True)
    description = EncryptedCharField("What they look like", max_length=SHORT_TEXT, blank=True)
    approximate_age = models.CharField("Roughly how old", max_length=40, blank=True)

    class Meta(_Named.Meta):
        verbose_name = "person seen"


class EntryVehicle(_Named):
    entry = models.ForeignKey(EvidenceEntry, on_delete=models.CASCADE, related_name="vehicles")
    plate = models.CharField(
        "Number plate", max_length=12, blank=True, help_text="Upper case, no spaces."
    )
    plate_as_typed = models.CharField(max_length=20, blank=True)
    colour = models.CharField("Colour", max_length=60, blank=True)
    make = models.CharField("Make and model", max_length=100, blank=True)

    class Meta(_Named.Meta):
        verbose_name = "vehicle seen"


class EntryPhone(_Named):
    entry = models.ForeignKey(EvidenceEntry, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField("Phone number", max_length=20, help_text="E.164, e.g. +447700900123")
    number_as_typed = models.CharField(max_length=40)

    class Meta(_Named.Meta):
        verbose_name = "phone number"


class EntryHandle(_Named):
    entry = models.ForeignKey(EvidenceEntry, on_delete=models.CASCADE, related_name="handles")
    handle = models.CharField("Social media name or handle", max_length=200)

    class Meta(_Named.Meta):
        verbose_name = "social media handle"


class EntryPhoto(_Named):
    """A photo kept with an entry: re-encoded without EXIF or location before it is stored
    (``core.files``), under a random name, served only through an access-checked view."""

    entry = models.ForeignKey(EvidenceEntry, on_delete=models.CASCADE, related_name="photos")
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=64, unique=True)
    sha256 = models.CharField(max_length=64)

    class Meta(_Named.Meta):
        verbose_name = "photo"


class EntryHandling(models.Model):
    """What happened to an entry after it was received; the one row about an entry that changes.

    The parent sees only the stage (received, reviewed, passed to police, police acknowledged, or
    kept on the family's record) and its date: never the worker's notes or any police detail.
    """

    class Stage(models.TextChoices):
        RECEIVED = "received", "Received"
        REVIEWED = "reviewed", "Reviewed by your worker"
        PASSED = "passed", "Passed to police"
        ACKNOWLEDGED = "acknowledged", "Police acknowledged"
        KEPT = "kept", "Kept on your family's record"

    entry = models.OneToOneField(EvidenceEntry, on_delete=models.CASCADE, related_name="handling")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_reviewed",
    )
    review_notes = models.TextField("Your notes", blank=True, validators=[MaxCharacters(LONG_TEXT)])
    significant = models.BooleanField(default=False)
    withheld_from_agencies = models.BooleanField(default=False)
    withheld_reason = models.CharField(max_length=SHORT_TEXT, blank=True)
    passed_to_police_at = models.DateTimeField(null=True, blank=True)
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_passed",
    )
    submission_reference = models.CharField(max_length=100, blank=True)
    police_acknowledged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_handling_updated",
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(police_acknowledged_at__isnull=True)
                | models.Q(passed_to_police_at__isnull=False),
                name="evidence_ack_after_passed",
            )
        ]

    def __str__(self) -> str:
        return f"Handling of {self.entry_id}"

    @property
    def stage(self) -> str:
        if self.police_acknowledged_at:
            return self.Stage.ACKNOWLEDGED
        if self.passed_to_police_at:
            return self.Stage.PASSED
        if self.withheld_from_agencies and self.reviewed_at:
            return self.Stage.KEPT
        if self.reviewed_at:
            return self.Stage.REVIEWED
        return self.Stage.RECEIVED

    @property
    def stage_label(self) -> str:
        return str(self.Stage(self.stage).label)


class KeyRotationPermit(models.Model):
    """The one sanctioned way round the written-once triggers: while a row exists here, inside
    ``rotate_encryption_keys``' own transaction, the triggers let an UPDATE through. The command
    re-encrypts the entries' tokens under the newest key (the plaintext, and so every hash, stays
    the same), checks each family's chain again and deletes the row before it commits, so no other
    connection ever sees a permit (on PostgreSQL it is never visible outside the transaction; on
    SQLite the writer holds the database). Nothing else in relsafe writes here."""

    started_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"Key rotation permit from {self.started_at:%Y-%m-%d %H:%M}"
