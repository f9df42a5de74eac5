"""The audit trail: one append-only, hash-chained row per read or change of case data and per
security event. Only ``relsafe.audit.services`` writes here."""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    SHARE = "share", "Shared"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    MFA_ENROLLED = "mfa_enrolled", "MFA set up"
    MFA_FAILED = "mfa_failed", "MFA code refused"
    REAUTHENTICATED = "reauthenticated", "Confirmed identity"
    SESSION_ENDED = "session_ended", "Session ended"
    ACCESS_DENIED = "access_denied", "Access refused"
    PERMISSION_CHANGE = "permission_change", "Role or permission changed"
    BREAK_GLASS_START = "break_glass_start", "Break-glass access started"
    BREAK_GLASS_END = "break_glass_end", "Break-glass access ended"
    BREAK_GLASS_REVIEW = "break_glass_review", "Break-glass access reviewed"
    ALLOCATION = "allocation", "Allocation changed"
    ADMIN_CHANGE = "admin_change", "Administration change"


class AuditEvent(models.Model):
    """Who did what to which object, when, from where and why.

    ``actor_id`` is a plain number, not a foreign key: the log must outlive the people in it, and a
    cascading update would break the chain.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    family_id = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The family case this touched, if any."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        permissions = [("review_audit", "Can review the audit trail")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id} by {self.actor_email}"
