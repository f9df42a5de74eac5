"""Data-protection governance: subject access requests and their redactions, corrections,
retention (legal holds and certificates of deletion) and information-sharing agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Family, OrganisationShare
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class Exemption(models.TextChoices):
    """Why a passage is withheld from a disclosure, with the paragraph of the DPA 2018 relied on."""

    THIRD_PARTY = (
        "third_party",
        "Third-party information (DPA 2018 Sch. 2 Part 3 para. 16: protection of the rights of others)",
    )
    POLICE = (
        "police",
        "Police information (DPA 2018 Sch. 2 Part 1 para. 2: crime and taxation, general)",
    )
    SERIOUS_HARM = (
        "serious_harm",
        "Serious harm (DPA 2018 Sch. 3 Part 3 para. 10: social work data, serious harm)",
    )


class SubjectAccessRequest(models.Model):
    """A request under UK GDPR Art. 15 for what is held about one person in a family."""

    class Status(models.TextChoices):
        GATHERING = "gathering", "Marking redactions"
        SIGNED_OFF = "signed_off", "Signed off"
        DISCLOSED = "disclosed", "Disclosure pack produced"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="subject_access"
    )
    subject_label = models.CharField(
        max_length=200, help_text="The data subject, as '<kind>:<pk>' (carer or young person)."
    )
    subject_name = models.CharField(max_length=200)
    requester = models.CharField(max_length=200, help_text="Who asked, and their relationship.")
    received_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month from receipt (Art. 12(3)).")
    extension_reason = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GATHERING)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    disclosed_at = models.DateTimeField(null=True, blank=True)
    pack_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Subject access request for {self.subject_name}"


class Passage(models.Model):
    """One piece of what is held, copied when the request was gathered, so redactions apply to
    the text as it stood then."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="passages"
    )
    position = models.PositiveIntegerField()
    source = models.CharField(
        max_length=200, help_text="Where it comes from, e.g. 'Contact, 3 May 2026'."
    )
    source_type = models.CharField(max_length=100)
    source_id = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.source


class Redaction(models.Model):
    """Words withheld from one passage, with the exemption relied on."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="redactions")
    words = models.CharField(max_length=1000)
    exemption = models.CharField(max_length=20, choices=Exemption.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Redaction ({self.get_exemption_display()})"


class CorrectionRequest(models.Model):
    """A request under UK GDPR Art. 16 to correct what is recorded; where refused, the data
    subject's own statement is kept with the record and shown with it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        CORRECTED = "corrected", "Corrected"
        REFUSED = "refused", "Refused: the record stands, with the person's statement"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="correction_requests")
    subject_name = models.CharField(max_length=200)
    record_description = models.CharField(
        max_length=300, help_text="Which record is said to be wrong."
    )
    what_is_wrong = models.TextField(validators=[MaxCharacters(LONG_TEXT)])
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    subject_statement = models.TextField(blank=True, validators=[MaxCharacters(LONG_TEXT)])
    received_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Correction request: {self.record_description}"


class LegalHold(models.Model):
    """A family that must not be deleted, whatever the retention schedule says."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    review_on = models.DateField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Legal hold on {self.family_id}"


class DeletionCertificate(models.Model):
    """What one retention run removed, by kind and count, with no case content: proof that the
    schedule was applied."""

    run_at = models.DateTimeField(default=timezone.now)
    run_by = models.CharField(
        max_length=200, help_text="Who or what ran it (a person or the task)."
    )
    families_removed = models.PositiveIntegerField(default=0)
    items = models.JSONField(
        default=list, help_text="[{kind, reference, rule, action}] with no content"
    )
    held_back = models.JSONField(default=list, help_text="References kept because of a legal hold")
    blocked = models.JSONField(
        default=list, help_text="Cases kept because records elsewhere protect them, for review"
    )
    outcomes_kept = models.JSONField(
        default=dict, help_text="Aggregate outcomes of the removed families, by kind (no names)"
    )
    audit_head = models.CharField(
        max_length=64, blank=True, help_text="Audit chain head after the run"
    )

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"Certificate of deletion, {self.run_at:%d %b %Y}"


class SharingAgreement(models.Model):
    """An information-sharing agreement between organisations."""

    title = models.CharField(max_length=200)
    parties = models.ManyToManyField(Organisation, related_name="sharing_agreements")
    purpose = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    lawful_basis = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    what_may_be_shared = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    review_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review_on", "title"]

    def __str__(self) -> str:
        return self.title


class ShareAgreementLink(models.Model):
    """The agreement a share between organisations relies on, or why none applies (kept beside
    cases.OrganisationShare so the cases app does not change)."""

    share = models.OneToOneField(
        OrganisationShare, on_delete=models.CASCADE, related_name="agreement_link"
    )
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    no_agreement_reason = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreement__isnull=False) | ~models.Q(no_agreement_reason=""),
                name="share_link_agreement_or_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Agreement for share {self.share_id}"


class RetentionRun(models.Model):
    """One run of the retention schedule as background work: when it was asked for, how it went,
    and its certificate. A failed run is kept with its error (no case content) so administrators
    see it on the retention page; the nightly timer asks for one scheduled run a night."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", "Nightly schedule"
        MANUAL = "manual", "Asked for by hand"

    run_on = models.DateField(help_text="The night the run belongs to (local date).")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.CharField(max_length=200)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    families_removed = models.PositiveIntegerField(default=0)
    certificate = models.ForeignKey(
        DeletionCertificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(
        blank=True,
        validators=[MaxCharacters(SHORT_TEXT)],
        help_text="What went wrong (the exception's kind and message; the trace is in the log).",
    )
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run_on"],
                condition=models.Q(trigger="scheduled"),
                name="one_scheduled_retention_run_a_night",
            )
        ]

    def __str__(self) -> str:
        return f"Retention run {self.run_on:%d %b %Y} ({self.status})"


class ErasureExemption(models.TextChoices):
    """Why a person's details are kept although they asked for them to be erased (UK GDPR
    Art. 17(3)); a refusal names one and says why."""

    PUBLIC_TASK = (
        "public_task",
        "Art. 17(3)(b): needed for a legal obligation or a task in the public interest "
        "(safeguarding the child: the record of who is around them)",
    )
    LEGAL_CLAIMS = (
        "legal_claims",
        "Art. 17(3)(e): needed to establish, exercise or defend legal claims "
        "(proceedings under way or expected, a legal hold)",
    )
    ARCHIVING = (
        "archiving",
        "Art. 17(3)(d): archiving in the public interest or an inquiry's retention notice",
    )


class ErasureRequest(models.Model):
    """A person named in a family's records (a relative, a family friend) asks to be erased while
    the case itself must be kept: logged by one person, with where the name appears; a second
    person either erases (the details are anonymised in place, the case stays) or refuses with an
    exemption and a reason. Once erased, the request keeps only the person's initials."""

    class Status(models.TextChoices):
        LOGGED = "logged", "Waiting for a second person"
        ERASED = "erased", "Erased"
        REFUSED = "refused", "Refused"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_reference = models.CharField(max_length=40)
    person_name = models.CharField(max_length=200, help_text="The name as the records hold it.")
    other_names = models.CharField(
        max_length=200, blank=True, help_text="Other names or nicknames, separated by commas."
    )
    who_they_are = models.CharField(max_length=200, blank=True)
    received_on = models.DateField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    places = models.JSONField(
        default=list,
        help_text="Where the name was found: [{label, model, pk, fields}] (no text)",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOGGED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    exemption = models.CharField(max_length=20, choices=ErasureExemption.choices, blank=True)
    reason = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    changed = models.PositiveIntegerField(default=0, help_text="Records anonymised")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-logged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused")
                | (~models.Q(exemption="") & ~models.Q(reason="")),
                name="erasure_refusal_has_exemption_and_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure request {self.pk}"
