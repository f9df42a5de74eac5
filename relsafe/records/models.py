"""What a worker records day to day: contacts with the family, missing episodes and the return home
interview, and the dated significant events that make up the chronology.

Every record carries the organisation that wrote it, so the chronology can be merged across
agencies only as far as sharing allows (see ``records.selectors``). Text is sanitised on the way in
(``records.services``), never here: models hold data and invariants only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT, MaxCharacters

RETURN_INTERVIEW_WINDOW = dt.timedelta(hours=72)


class Tag(models.TextChoices):
    """How an event reads in the chronology: strengths sit beside concerns."""

    STRENGTH = "strength", "Strength"
    CONCERN = "concern", "Concern"
    NEUTRAL = "neutral", "Neutral"


class Contact(models.Model):
    """A visit, call, message or meeting with the family, in the family's and the child's words."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        OTHER_VISIT = "other_visit", "Visit somewhere else"
        PHONE_CALL = "phone_call", "Phone or video call"
        MESSAGE = "message", "Message (text, email or letter)"
        MEETING = "meeting", "Meeting with other agencies"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    young_people = models.ManyToManyField(YoungPerson, blank=True, related_name="contacts")
    present = models.CharField(
        max_length=500, blank=True, help_text="Who else was there, e.g. 'Precious (mum), Amara'."
    )
    staff_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contacts_attended"
    )
    discussed = models.TextField(validators=[MaxCharacters(LONG_TEXT)])
    young_person_voice = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    parent_voice = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    actions_agreed = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    significant = models.BooleanField(default=False)
    chronology_tag = models.CharField(max_length=10, choices=Tag.choices, default=Tag.NEUTRAL)
    share_with_police = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_recorded"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["family", "-occurred_at"], name="contact_family_when")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"


class Attachment(models.Model):
    """A file kept with a contact: stored outside the web root under a random name, served only
    through an access-checked download view."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF document"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    size = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=64, unique=True)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class MissingEpisode(models.Model):
    """A time a young person went missing. Parents often find their child first: record who did."""

    class FoundBy(models.TextChoices):
        PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
        POLICE = "police", "Police"
        RETURNED_THEMSELVES = "returned_themselves", "Came back by themselves"
        OTHER = "other", "Someone else"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="missing_episodes")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="missing_episodes"
    )
    reported_missing_at = models.DateTimeField()
    reported_by = models.CharField(max_length=200, help_text="e.g. 'Precious (mum)'.")
    returned_at = models.DateTimeField(null=True, blank=True)
    where_found = models.CharField(max_length=300, blank=True)
    found_by = models.CharField(max_length=30, choices=FoundBy.choices, blank=True)
    found_by_detail = models.CharField(max_length=200, blank=True)
    police_reference = models.CharField(max_length=50, blank=True)
    risk_level = models.CharField(max_length=10, choices=Risk.choices)
    share_with_police = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="missing_episodes_recorded"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="missing_episodes_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-reported_missing_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True)
                | Q(returned_at__gte=models.F("reported_missing_at")),
                name="missing_returned_after_reported",
            )
        ]

    def __str__(self) -> str:
        return f"{self.young_person} went missing {self.reported_missing_at:%d %b %Y}"

    @property
    def interview_due_at(self) -> dt.datetime | None:
        """The independent return home interview should happen within 72 hours of return."""
        return self.returned_at + RETURN_INTERVIEW_WINDOW if self.returned_at else None


class ReturnHomeInterview(models.Model):
    """The independent return home interview: offered, done (or declined), and what was said."""

    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.CASCADE, related_name="return_interview"
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField(max_length=200, blank=True)
    declined = models.BooleanField(default=False)
    where_they_were = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    who_with = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    push_factors = models.TextField(
        blank=True, validators=[MaxCharacters(LONG_TEXT)], help_text="What made them want to leave."
    )
    pull_factors = models.TextField(
        blank=True, validators=[MaxCharacters(LONG_TEXT)], help_text="What drew them away."
    )
    harm = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="Any harm they came to or were threatened with.",
    )
    what_would_help = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    def __str__(self) -> str:
        return f"Return home interview for {self.episode}"


class ChronologyEntry(models.Model):
    """A significant event a worker adds by hand, e.g. 'Jayden scored in the cup final'."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="chronology_entries")
    young_people = models.ManyToManyField(
        YoungPerson, blank=True, related_name="chronology_entries"
    )
    occurred_on = models.DateField()
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    tag = models.CharField(max_length=10, choices=Tag.choices, default=Tag.NEUTRAL)
    share_with_police = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chronology_recorded"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="chronology_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.occurred_on:%d %b %Y}: {self.title}"
