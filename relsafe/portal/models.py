"""What the family portal remembers about a person, apart from their account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from relsafe.core.text_limits import SHORT_TEXT, MaxCharacters


class ExitGuidanceSeen(models.Model):
    """A parent or young person has been shown how "Exit this page" works (the interruption page),
    so sign-in no longer stops to show it. No row means they have not seen it yet.

    Kept here rather than on ``User`` so the portal owns its own state, and deleting the row is
    all it takes to show the page again (the demo does this for Precious).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="exit_guidance_seen",
    )
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "exit guidance seen"
        verbose_name_plural = "exit guidance seen"

    def __str__(self) -> str:
        return f"Exit guidance seen by {self.user} on {self.seen_at:%d %b %Y}"


# --- Invitations (issue 9, item 1) ------------------------------------------------------------------


class Invitation(models.Model):
    """A one-time link a worker gives a parent, carer or young person to set their password.

    Only a SHA-256 of the token is kept: the link itself is shown once, to the worker who made
    it, and never stored or sent by relsafe. It works once, for ``INVITATION_HOURS``, unless a
    worker withdraws it or makes a new one (which withdraws the last).
    """

    family = models.ForeignKey(
        "cases.Family", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    carer = models.ForeignKey(
        "cases.Carer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    young_person = models.ForeignKey(
        "cases.YoungPerson",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(carer__isnull=False) & models.Q(young_person__isnull=True))
                | (models.Q(carer__isnull=True) & models.Q(young_person__isnull=False)),
                name="portal_invitation_for_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.person}"

    @property
    def person(self) -> Any:
        return self.carer or self.young_person

    def state(self, now: Any = None) -> str:
        """``used``, ``withdrawn``, ``expired`` or ``open``."""
        now = now or timezone.now()
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "withdrawn"
        if self.expires_at <= now:
            return "expired"
        return "open"


# --- Messages between a family and their workers (item 3) -------------------------------------------

MESSAGE_LIMIT = 5_000


class MessageThread(models.Model):
    """A conversation with the workers around a family: the family's own (its parents and carers,
    ``young_person`` empty), or one young person's own (item 3: only that young person and the
    workers read it, never their parents)."""

    family = models.ForeignKey(
        "cases.Family", on_delete=models.CASCADE, related_name="message_threads"
    )
    young_person = models.OneToOneField(
        "cases.YoungPerson",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="message_thread",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(young_person__isnull=True),
                name="portal_one_parents_thread_per_family",
            )
        ]

    def __str__(self) -> str:
        if self.young_person_id:
            return f"Messages for young person {self.young_person_id}"
        return f"Messages for family {self.family_id}"


class Message(models.Model):
    """One message in a family's thread; never edited. ``from_family`` says which side wrote it
    (the worker side is anyone working with the family)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_family = models.BooleanField()
    body = models.TextField("Message", validators=[MaxCharacters(MESSAGE_LIMIT)])
    sent_at = models.DateTimeField(default=timezone.now)
    # An optional file, kept through core/files.py (checked by content, streamed after a check).
    original_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    stored_name = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # A parent asking to rearrange an appointment: the message says which one.
    appointment = models.ForeignKey(
        "portal.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["thread", "sent_at"], name="portal_message_thread_idx")]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.thread}"


class MessageRead(models.Model):
    """A read receipt: who read a message, and when (the first time)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "reader"], name="portal_message_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.message_id}"


# --- Check-ins for parents (item 5) -------------------------------------------------------------------


class CheckIn(models.Model):
    """How a parent or carer feels today, on our own three 1-5 scales (``checkins.SCALES``)."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    coping = models.PositiveSmallIntegerField()
    understanding = models.PositiveSmallIntegerField()
    confidence = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["family", "recorded_at"], name="portal_checkin_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(coping__gte=1, coping__lte=5)
                & models.Q(understanding__gte=1, understanding__lte=5)
                & models.Q(confidence__gte=1, confidence__lte=5),
                name="portal_checkin_scales_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk} for family {self.family_id}"


# --- The young person's space (item 6) ------------------------------------------------------------------


class YoungPersonSpace(models.Model):
    """A worker has switched on a young person's own space (and may switch it off again)."""

    young_person = models.OneToOneField(
        "cases.YoungPerson", on_delete=models.CASCADE, related_name="portal_space"
    )
    is_on = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Space for young person {self.young_person_id} ({'on' if self.is_on else 'off'})"


class SpaceEntry(models.Model):
    """What a young person said in their space, in their own words. Each save is a new entry;
    the latest is the one their profile shows."""

    young_person = models.ForeignKey(
        "cases.YoungPerson", on_delete=models.CASCADE, related_name="space_entries"
    )
    trusted_adult = models.CharField("Who", max_length=200, blank=True)
    cares = models.PositiveSmallIntegerField(null=True, blank=True)
    helps = models.PositiveSmallIntegerField(null=True, blank=True)
    feels_safe = models.PositiveSmallIntegerField(null=True, blank=True)
    trusts = models.PositiveSmallIntegerField(null=True, blank=True)
    going_well = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    want_to_happen = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name_plural = "space entries"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(cares__isnull=True) | models.Q(cares__gte=1, cares__lte=5))
                & (models.Q(helps__isnull=True) | models.Q(helps__gte=1, helps__lte=5))
                & (
                    models.Q(feels_safe__isnull=True)
                    | models.Q(feels_safe__gte=1, feels_safe__lte=5)
                )
                & (models.Q(trusts__isnull=True) | models.Q(trusts__gte=1, trusts__lte=5)),
                name="portal_space_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Space entry {self.pk} for young person {self.young_person_id}"


# --- Appointments and meetings with the family (issue 9, item 3) --------------------------------------


class Appointment(models.Model):
    """A visit or meeting a worker arranges with a family: when, where (or by phone or video),
    who will be there, and whether the parents see it in the portal.

    Kept in the portal (not ``plans``) because it is the portal's conversation with the family:
    a change or a cancellation is told to the parents through the portal's safe notification,
    and "ask to rearrange" is a message in the portal's thread. ``version`` guards a worker's
    change against a colleague's at the same time; a cancelled or held appointment stays, with
    who did it and when, and goes into the family's chronology.
    """

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        OFFICE = "office", "Meeting at the office"
        STRATEGY = "strategy", "Strategy meeting"
        REVIEW = "review", "Review meeting"
        SCHOOL = "school", "School meeting"
        OTHER = "other", "Other appointment"

    class How(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video call"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    family = models.ForeignKey(
        "cases.Family", on_delete=models.CASCADE, related_name="appointments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    what = models.CharField(
        "What it is about",
        max_length=200,
        blank=True,
        help_text="Needed for 'Other'; the parent sees it.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    how = models.CharField(max_length=20, choices=How.choices, default=How.IN_PERSON)
    place = models.CharField(max_length=300, blank=True)
    who = models.TextField("Who will be there", blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    shown_to_family = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["family", "starts_at"], name="portal_appt_family_idx"),
            models.Index(fields=["status", "starts_at"], name="portal_appt_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="portal_appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"

    @property
    def title(self) -> str:
        """What the appointment is, in the words the parent sees."""
        if self.kind == self.Kind.OTHER and self.what:
            return self.what
        return self.get_kind_display()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def where(self) -> str:
        if self.how == self.How.IN_PERSON:
            return self.place
        return self.get_how_display() + (f" ({self.place})" if self.place else "")


# --- Notices waiting for the family member's safe hours (item 2) ----------------------------------------


class QueuedNotice(models.Model):
    """A "you have a new message" notice that arrived outside the person's safe hours, kept to be
    sent at the start of their next safe window (``portal.tasks.deliver_queued_notice``).

    It holds no words (every notice says the same sentence, ``services.FAMILY_NOTICE``) and no
    address or number: at delivery the person's safe-contact decision *then* in force decides
    again whether, how and where it goes. One waiting notice per person is enough.
    """

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="+")
    carer = models.ForeignKey(
        "cases.Carer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    young_person = models.ForeignKey(
        "cases.YoungPerson", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    queued_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["done_at", "due_at"], name="portal_queued_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(carer__isnull=False) & models.Q(young_person__isnull=True))
                | (models.Q(carer__isnull=True) & models.Q(young_person__isnull=False)),
                name="portal_queued_notice_for_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"Notice waiting until {self.due_at:%d %b %H:%M}"

    @property
    def person(self) -> Any:
        return self.carer or self.young_person
