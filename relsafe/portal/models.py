"""What the family portal remembers about a person, apart from their account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


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
