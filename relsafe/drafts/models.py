"""A draft: the text a person was typing into a form, kept on the server so a timeout or a failed
save does not lose it. Case data: only its owner ever reads it, and it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from relsafe.cases.models import Family


class Draft(models.Model):
    """One per person and form. ``form_key`` is the form page's URL name and its arguments
    (``records:contact-edit:pk=12``), so the same form opened again finds it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    form_key = models.CharField(max_length=200)
    path = models.CharField(max_length=300, help_text="The form page, to go back to.")
    family = models.ForeignKey(
        Family,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose case the text is about, so access is checked again on every use.",
    )
    fields = models.JSONField(default=dict, help_text="Form field name to its list of values.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "form_key"], name="one_draft_per_form")
        ]

    def __str__(self) -> str:
        return f"Draft of {self.form_key} by user {self.owner_id}"
