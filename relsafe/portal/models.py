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
    """The one conversation between a family and the workers around it."""

    family = models.OneToOneField(
        "cases.Family", on_delete=models.CASCADE, related_name="message_thread"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
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
