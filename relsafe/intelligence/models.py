"""Partnership intelligence: what a worker sends to a police force, what the force does with it,
and the people of concern linked across cases (docs/INTELLIGENCE.md).

Two copies of one submission live here. The worker's (the fields and entity rows, with the
family and the children named) and the police copy (``police_copy``): built by the sanitiser,
shown to the worker before sending, frozen at the moment the worker confirms and never rebuilt,
so the force sees exactly what the worker saw. Nothing of a submission is visible to a force
before ``sent_at`` is set.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from relsafe.core.text_limits import LONG_TEXT, ONE_LINE, SHORT_TEXT, MaxCharacters


class Submission(models.Model):
    """Information from a family (or a worker) sent to one police force, graded 3x5x2."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        IN_PROGRESS = "in_progress", "In progress"
        ACTIONED = "actioned", "Actioned"
        LINKED = "linked", "Linked to an operation"
        NO_FURTHER_ACTION = "nfa", "No further action"

    class SourceType(models.TextChoices):
        PARENT = "parent", "A parent or carer"
        YOUNG_PERSON = "young_person", "A young person"
        WORKER = "worker", "A worker (seen or heard directly)"
        OTHER_AGENCY = "other_agency", "Another agency"

    class SourceGrade(models.TextChoices):
        RELIABLE = "1", "1: Reliable"
        UNTESTED = "2", "2: Untested"
        NOT_RELIABLE = "3", "3: Not reliable"

    class InformationGrade(models.TextChoices):
        A = "A", "A: Known directly to the source"
        B = "B", "B: Known indirectly to the source but corroborated"
        C = "C", "C: Known indirectly to the source"
        D = "D", "D: Not known"
        E = "E", "E: Suspected to be false"

    class Handling(models.TextChoices):
        P = "P", "P: Lawful sharing permitted"
        C = "C", "C: Lawful sharing permitted with conditions"

    class LawfulBasis(models.TextChoices):
        SAFEGUARDING = (
            "safeguarding",
            "Safeguarding of children (UK GDPR Art. 6(1)(e) and 9; DPA 2018 Sch. 1 para. 18), "
            "without consent",
        )
        CONSENT = "consent", "Consent given by the person it came from"
        PUBLIC_TASK = "public_task", "Public task or statutory duty (UK GDPR Art. 6(1)(e))"

    class Offence(models.TextChoices):
        CSE = "cse", "Child sexual exploitation"
        CCE = "cce", "Child criminal exploitation"
        COUNTY_LINES = "county_lines", "County lines"
        OTHER = "other", "Other extra-familial harm"

    # The statuses a force can set after acknowledging; the outcome closes the loop.
    POLICE_STATUSES = (
        Status.IN_PROGRESS,
        Status.ACTIONED,
        Status.LINKED,
        Status.NO_FURTHER_ACTION,
    )

    reference = models.CharField(max_length=20, unique=True)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="intelligence")
    force = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="intelligence_received"
    )
    young_people = models.ManyToManyField(YoungPerson, blank=True, related_name="intelligence")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    # Who the source is, and why the police may know: encrypted at rest (core.crypto).
    source_name = EncryptedCharField(
        max_length=ONE_LINE,
        blank=True,
        help_text="Who it came from (worker's copy only, unless a decision below says otherwise).",
    )
    disclose_source = models.BooleanField(default=False)
    disclose_source_reason = EncryptedTextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])

    source_grade = models.CharField(max_length=1, choices=SourceGrade.choices)
    information_grade = models.CharField(max_length=1, choices=InformationGrade.choices)
    handling = models.CharField(max_length=1, choices=Handling.choices)
    handling_conditions = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    lawful_basis_notes = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    basis_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    offence = models.CharField(max_length=20, choices=Offence.choices)
    occurred_on = models.DateField(help_text="When what is reported happened (or was first seen).")
    what_happened = models.TextField(validators=[MaxCharacters(LONG_TEXT)])

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # Encrypted at rest too: when the worker decided the force may know who the source is, the
    # police copy names them (core.crypto).
    police_copy = EncryptedJSONField(default=dict, blank=True)

    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(
        blank=True,
        validators=[MaxCharacters(SHORT_TEXT)],
        help_text="What the force tells the worker; the family's log gets the status only.",
    )
    # Evidence-log entries this submission was built from (issue 9): their ids, set when the
    # submission is built from reviewed entries; the log is told the status as it changes.
    evidence_entry_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["force", "status"], name="intel_sub_force_status_idx"),
            models.Index(fields=["family", "-created_at"], name="intel_sub_family_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False),
                name="intel_sent_unless_draft",
            ),
            models.CheckConstraint(
                condition=Q(disclose_source=False) | ~Q(disclose_source_reason=""),
                name="intel_disclosure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Intelligence {self.reference}"

    @property
    def grading(self) -> str:
        return f"{self.source_grade}/{self.information_grade}/{self.handling}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Entity(models.Model):
    """One thing a submission reports: a person of concern, a phone, a vehicle, a social media
    handle, a place or a time. Identifiers may belong to a person in the same submission."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person of concern"
        PHONE = "phone", "Phone number"
        VEHICLE = "vehicle", "Vehicle"
        HANDLE = "handle", "Social media handle"
        PLACE = "place", "Place"
        TIME = "time", "Time"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identifiers",
        help_text="The person of concern this phone, vehicle or handle belongs to.",
    )
    # A person of concern.
    name = models.CharField(max_length=ONE_LINE, blank=True)
    nickname = models.CharField(max_length=ONE_LINE, blank=True)
    age_estimate = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    # A phone number, plate, handle, place or time, as written.
    value = models.CharField(max_length=ONE_LINE, blank=True)
    colour = models.CharField(max_length=60, blank=True)
    make = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # The normalised value (linkage.normalise) that "also reported in" matches on.
    key = models.CharField(max_length=ONE_LINE, blank=True, db_index=True)

    class Meta:
        ordering = ["submission", "kind", "position", "pk"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.submission}"


class ChildPseudonym(models.Model):
    """How one force knows a child: "Child A", "Child B"… in the order the force first heard of
    them, so the same child has the same pseudonym in every page and export that force sees, and
    two forces cannot match children by their labels."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["force", "number"]
        constraints = [
            models.UniqueConstraint(fields=["force", "young_person"], name="one_pseudonym_a_force"),
            models.UniqueConstraint(fields=["force", "number"], name="pseudonym_number_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Child {letters(self.number)}"


def letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA: spreadsheet column letters."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


class PersonOfConcern(models.Model):
    """One person as the linking engine sees them across cases: the mentions it placed together.

    ``engine_key`` is the engine's person id (its earliest mention's id), which stays put as
    mentions arrive; a full re-link may merge or split people and renames nothing else."""

    engine_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "people of concern"

    def __str__(self) -> str:
        return f"Person of concern {self.engine_key}"


class Mention(models.Model):
    """A person of concern in one sent submission, in the 13 fields the engine reads (the text
    the worker confirmed), and the person the engine placed them with."""

    entity = models.OneToOneField(Entity, on_delete=models.CASCADE, related_name="mention")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        PersonOfConcern, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    case_ref = models.CharField(max_length=40)
    reported_on = models.CharField(max_length=20, blank=True)
    name = models.CharField(max_length=ONE_LINE, blank=True)
    nickname = models.CharField(max_length=ONE_LINE, blank=True)
    age_estimate = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=ONE_LINE, blank=True)
    vehicle = models.CharField(max_length=ONE_LINE, blank=True)
    vehicle_desc = models.CharField(max_length=ONE_LINE, blank=True)
    handle = models.CharField(max_length=ONE_LINE, blank=True)
    location = models.CharField(max_length=ONE_LINE, blank=True)
    description = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Mention {self.pk}"


class LinkDecision(models.Model):
    """An analyst's "same person" or "different people" about two mentions: an input to every
    later link, never a patch on its output (linkage.decisions)."""

    class Kind(models.TextChoices):
        SAME = "same", "The same person"
        DIFFERENT = "different", "Different people"

    mention_a = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    mention_b = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mention_a=models.F("mention_b")), name="decision_two_mentions"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mention_a_id} / {self.mention_b_id}"


def _new_token() -> str:
    return uuid.uuid4().hex


class LinkState(models.Model):
    """One row: bumped whenever the links change other than by an add in this process (a
    decision, a full re-link), so every process's in-memory index knows to rebuild."""

    generation = models.PositiveIntegerField(default=0)
    # Which database this is: a new one (a flushed test database) gets a new token, so no
    # process trusts an index it built over another database's rows.
    token = models.CharField(max_length=32, default=_new_token)

    def __str__(self) -> str:
        return f"Link generation {self.generation}"


class RelinkRun(models.Model):
    """A full re-link running as background work; the page's progress bar reads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    people_before = models.PositiveIntegerField(default=0)
    people_after = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Re-link {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
