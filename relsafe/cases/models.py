"""A family's case: the household, its children and carers, the team around it and who it is
shared with. Access to all of it is decided in ``relsafe.access``, never here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.access.sections import Section, clean_scopes
from relsafe.accounts.models import Organisation
from relsafe.core.crypto import EncryptedCharField, EncryptedTextField
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class Family(models.Model):
    class Status(models.TextChoices):
        REFERRAL = "referral", "Referral received"
        ACTIVE = "active", "Active"
        STEP_DOWN = "step_down", "Stepped down"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    name = models.CharField(
        max_length=200,
        help_text="How the team refers to the family, e.g. 'Jayden's family (Okafor)'.",
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_families"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRAL)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(
        null=True, blank=True, help_text="When the team next reviews the family's plan."
    )
    updated_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last change to anything in the case; drives 'changed since you last looked'.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Optimistic lock: bumped on every save."
    )
    # The caseload's "next thing due", kept as data (``relsafe.cases.next_due``): the earliest
    # deadline over every registered source, as everyone working on the family sees it. Written
    # only by ``next_due.refresh_next_due`` (after each write to what it depends on) and by
    # ``seed_scale``/``recompute_next_due``; overdue is derived from the date (and moment).
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    next_due_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The moment, for deadlines to the hour."
    )
    next_due_key = models.CharField(max_length=60, blank=True, editable=False)
    next_due_lapses = models.BooleanField(
        default=False,
        editable=False,
        help_text="The next due is a 'not before' date: once passed, the next one takes over.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"
        indexes = [
            # The caseload's sort by next due (either direction: a btree scans backwards).
            models.Index(fields=["next_due_on", "id"], name="family_next_due_idx"),
            # "Only overdue": deadlines to the hour (the return home interview) by their moment.
            models.Index(
                fields=["next_due_at"],
                name="family_next_due_at_idx",
                condition=Q(next_due_at__isnull=False),
            ),
            # Finding stored "not before" dates that have passed, to move on to the next one.
            models.Index(
                fields=["next_due_on"],
                name="family_next_due_lapses_idx",
                condition=Q(next_due_lapses=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class LegalStatus(models.TextChoices):
    """The statutory footing a child is on (Children Act 1989), shown in the case header."""

    CHILD_IN_NEED = "child_in_need", "Child in need (section 17)"
    CHILD_PROTECTION = "child_protection", "Child protection plan (section 47)"
    LOOKED_AFTER_S20 = "looked_after_s20", "Looked after, by agreement (section 20)"
    INTERIM_CARE_ORDER = "interim_care_order", "Interim care order (section 38)"
    CARE_ORDER = "care_order", "Care order (section 31)"
    EARLY_HELP = "early_help", "Early help"


class YoungPerson(models.Model):
    """A child or young person in the family, seen whole: strengths first (see profile pages)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="young_people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names they are known by, separated by commas.",
    )
    date_of_birth = models.DateField()
    # The profile in brief, after strengths and trusted relationships.
    identity = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="How they describe who they are.",
    )
    culture = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="Faith, heritage, community, traditions.",
    )
    language = models.CharField(
        max_length=200, blank=True, help_text="Languages at home and school."
    )
    communication_needs = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What helps them understand and be understood.",
    )
    health = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="In brief: only what the team needs to know.",
    )
    education = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="School or college, attendance, support.",
    )
    concerns = models.TextField(
        blank=True,
        validators=[MaxCharacters(LONG_TEXT)],
        help_text="What we are worried about: name who is causing harm, not the child.",
    )
    # In the household and how to reach them (issue 16): a child may join the household later (a
    # sibling born) or leave it (moved to live with a relative); they are ended, never deleted.
    joined_on = models.DateField(
        null=True, blank=True, help_text="When they joined the household, if after the case opened."
    )
    left_on = models.DateField(null=True, blank=True, help_text="When they left the household.")
    left_reason = models.CharField(max_length=200, blank=True)
    preferred_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    legal_status = models.CharField(
        max_length=30,
        choices=LegalStatus.choices,
        blank=True,
        help_text="The statutory footing the child is on, if any.",
    )
    phone = models.CharField(max_length=20, blank=True, help_text="E.164 (phonenumbers).")
    email = models.EmailField(blank=True)
    # The young person's own portal account (their space, shared with them by a worker): one
    # account belongs to one young person, and so to one family.
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="young_person",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Optimistic lock: bumped on every profile save."
    )

    class Meta:
        ordering = ["date_of_birth"]
        verbose_name = "child or young person"
        verbose_name_plural = "children and young people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]


class Carer(models.Model):
    """A parent or carer: a partner in keeping the child safe, not a subject of assessment."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="carers")
    full_name = models.CharField(max_length=200)
    relationship = models.CharField(
        max_length=100, help_text="e.g. mum, dad, grandmother, kinship carer"
    )
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carer",
    )
    # In the household from ``started_on`` (None: since the case opened) until ``ended_on``: a
    # carer moving in or out is dated, never deleted.
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164 (phonenumbers).")
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="carer_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.relationship})"


class Allocation(models.Model):
    """A worker on the team around the family, from ``started_at`` until ``ended_at``."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    role_on_case = models.CharField(max_length=100, help_text="e.g. parent liaison officer")
    is_lead = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations_made",
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "worker"],
                condition=Q(ended_at__isnull=True),
                name="one_open_allocation_per_worker",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="allocation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} on {self.family}"


class OrganisationShare(models.Model):
    """The family's case shared with another organisation, with the consent or lawful basis used
    (UK GDPR Art. 6/9; DPA 2018 Sch. 1 para. 18) and who decided."""

    class Basis(models.TextChoices):
        CONSENT = "consent", "Consent given by the family"
        SAFEGUARDING = (
            "safeguarding",
            "Safeguarding of children (DPA 2018 Sch. 1 para. 18) without consent",
        )
        PUBLIC_TASK = "public_task", "Public task / statutory duty (UK GDPR Art. 6(1)(e))"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="shares")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    basis_notes = models.TextField(
        blank=True,
        validators=[MaxCharacters(SHORT_TEXT)],
        help_text="Why consent was not sought, or what the family agreed to.",
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # What the share covers (``access.sections.Section`` values): need-to-know, field by field.
    # Empty covers nothing but the case itself; read through ``access.policy.visible_sections``.
    scopes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "organisation"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_share_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} shared with {self.organisation}"

    @property
    def scope_labels(self) -> list[str]:
        """What the share covers, in words, in the share form's order."""
        return [Section(s).label for s in clean_scopes(self.scopes)]


class FamilyStatusChange(models.Model):
    """One step in the case's lifecycle (referral → active → step-down → closed, or reopened)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Family.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Family.Status.choices)
    reason = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    is_reopening = models.BooleanField(default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_reopening=False) | ~Q(reason=""), name="reopening_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.from_status or 'new'} → {self.to_status}"


class StrengthEntry(models.Model):
    """Something good about the child: what the profile leads with. ``in_own_words`` marks the
    young person's own voice, shown as a quote."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strengths and talents"
        INTEREST = "interest", "Interests"
        PROUD_OF = "proud_of", "What they are proud of"
        ASPIRATION = "aspiration", "Hopes and aspirations"
        WHAT_HELPS = "what_helps", "What helps them"
        WANT_KNOWN = "want_known", "What they want professionals to know"

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="strengths"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    in_own_words = models.BooleanField(
        default=False, help_text="The young person's own words, recorded as they said them."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "strength entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.young_person}"


class FamilyView(models.Model):
    """When a person last opened a family, so their caseload can say what changed since."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_views"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "family"], name="one_last_view_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} last opened {self.family} at {self.viewed_at}"


class SafeContactDecision(models.Model):
    """How a family member may be reached safely, decided and recorded (PRODUCT.md §8).

    The exploiter may hold or read a phone, so nothing is sent and no one rings without a decision:
    which channel, which number or address, which hours, what may be said, who decided and why.
    Decisions are never edited: a new one supersedes the last, so the history stays (the latest per
    person is in force). Shared by the household pages, the case header and portal notifications.
    """

    class Notify(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        NONE = "none", "Do not send messages"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="safe_contacts")
    carer = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.CASCADE, related_name="safe_contacts"
    )
    young_person = models.ForeignKey(
        YoungPerson,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safe_contacts",
    )
    notify_by = models.CharField(
        max_length=10,
        choices=Notify.choices,
        help_text="How relsafe may tell them there is a new message (never what it says).",
    )
    # How to reach them safely is encrypted at rest (core.crypto): if it leaked, the person who
    # harms them could learn it. Only "filled in or not" is stored in clear.
    email = EncryptedCharField(max_length=254, blank=True, validators=[validate_email])
    phone = EncryptedCharField(
        max_length=20, blank=True, help_text="E.164, e.g. +447700900123 (phonenumbers)."
    )
    may_phone = models.BooleanField(
        default=False, help_text="Workers may ring this number (a person may answer it)."
    )
    safe_from = models.TimeField(null=True, blank=True)
    safe_until = models.TimeField(null=True, blank=True)
    what_may_be_said = EncryptedTextField(
        blank=True,
        validators=[MaxCharacters(SHORT_TEXT)],
        help_text="e.g. 'Do not mention the police; say you are calling from school.'",
    )
    calendar_shows_detail = models.BooleanField(
        default=False,
        help_text="Calendar feeds say only 'Appointment' unless this person chose otherwise.",
    )
    reason = EncryptedTextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["family", "-decided_at"], name="safecontact_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(carer__isnull=False) & Q(young_person__isnull=True))
                | (Q(carer__isnull=True) & Q(young_person__isnull=False)),
                name="safe_contact_for_one_person",
            ),
            models.CheckConstraint(
                condition=~Q(notify_by="email") | ~Q(email=""),
                name="safe_contact_email_named",
            ),
            models.CheckConstraint(
                condition=~Q(notify_by="text") | ~Q(phone=""),
                name="safe_contact_text_number_named",
            ),
            models.CheckConstraint(
                condition=Q(may_phone=False) | ~Q(phone=""),
                name="safe_contact_call_number_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Safe contact for {self.person} ({self.get_notify_by_display()})"

    @property
    def person(self) -> Carer | YoungPerson:
        return self.carer or self.young_person  # type: ignore[return-value]

    @property
    def hours_label(self) -> str:
        if self.safe_from and self.safe_until:
            return f"{self.safe_from:%H:%M} to {self.safe_until:%H:%M}"
        return "any time"

    def allows_message_at(self, when: dt.time) -> bool:
        """Inside the safe hours (which may run past midnight), or always when none were set."""
        if self.notify_by == self.Notify.NONE:
            return False
        if not (self.safe_from and self.safe_until):
            return True
        if self.safe_from <= self.safe_until:
            return self.safe_from <= when <= self.safe_until
        return when >= self.safe_from or when <= self.safe_until


class HouseholdAddress(models.Model):
    """Where a family member lives, from ``lived_from`` until ``lived_until`` (None: now). A move is
    a new address and an end date on the old one, so the history stays."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="addresses")
    carer = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses"
    )
    young_person = models.ForeignKey(
        YoungPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses"
    )
    line_1 = models.CharField("Address line 1", max_length=200)
    line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, help_text="A UK postcode, stored as 'SW1A 2AA'.")
    lived_from = models.DateField()
    lived_until = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-lived_from", "-pk"]
        verbose_name_plural = "household addresses"
        constraints = [
            models.CheckConstraint(
                condition=(Q(carer__isnull=False) & Q(young_person__isnull=True))
                | (Q(carer__isnull=True) & Q(young_person__isnull=False)),
                name="address_for_one_person",
            ),
            models.CheckConstraint(
                condition=Q(lived_until__isnull=True) | Q(lived_until__gte=models.F("lived_from")),
                name="address_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    @property
    def person(self) -> Carer | YoungPerson:
        return self.carer or self.young_person  # type: ignore[return-value]


class CaseReferral(models.Model):
    """How the case arrived: who referred, when, why in their words, what they asked for, and what
    was decided and by whom. The first entry in the family's chronology."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        ACCEPTED = "accepted", "Accepted: we will work with the family"
        SIGNPOSTED = "signposted", "Not accepted: passed to another service"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="case_referrals")
    received_on = models.DateField()
    referrer_agency = models.CharField(
        "Referring agency", max_length=200, help_text="For example, a school, the police, a GP."
    )
    referrer_name = models.CharField("Name of the person referring", max_length=200)
    referrer_role = models.CharField("Their role", max_length=200, blank=True)
    referrer_phone = models.CharField(
        "Their phone number", max_length=20, blank=True, help_text="E.164 (phonenumbers)."
    )
    referrer_email = models.EmailField("Their email address", blank=True)
    concerns = models.TextField(
        "What they are worried about, in their words", validators=[MaxCharacters(LONG_TEXT)]
    )
    request = models.TextField(
        "What they asked for", blank=True, validators=[MaxCharacters(SHORT_TEXT)]
    )
    family_aware = models.BooleanField("The family knows about the referral", default=False)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock (core.concurrency)")

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decided_by__isnull=False),
                name="referral_decision_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral from {self.referrer_agency} on {self.received_on:%d/%m/%Y}"
