"""Criminal justice and court support, from the family's side (PRODUCT.md §5, journey 4).

A ``CriminalJusticeCase`` belongs to one family (a family may have several): the offences, the
police reference and officer in charge, the children and their part, suspects *by reference*
(never police detail), and the stages it passed through with their dates. Around it: hearings,
support for each child witness (special measures, the pre-trial visit, travel and childcare,
attendance, intimidation, the child's phone), the Victims' Code checklist for each victim and
parent, the support contacts and the support that goes on after the verdict.

Models hold data and invariants only; the rules that need the case's history (a stage never goes
backwards, a hearing never before the charge) live in ``justice.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Carer, Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT, MaxCharacters


class Offence(models.TextChoices):
    CSE = "cse", "Child sexual exploitation"
    CCE = "cce", "Child criminal exploitation"
    TRAFFICKING = "trafficking", "Trafficking or modern slavery"
    OTHER = "other", "Other offence"


class Stage(models.TextChoices):
    """The criminal justice process in order (PRODUCT.md §5). No further action ends a case
    instead of a charge; every other stage comes after the one before it."""

    REPORT = "report", "Reported to police"
    INVESTIGATION = "investigation", "Investigation"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CHARGE = "charge", "Charged"
    FIRST_HEARING = "first_hearing", "First hearing"
    PLEA = "plea", "Plea"
    TRIAL = "trial", "Trial"
    VERDICT = "verdict", "Verdict"
    SENTENCE = "sentence", "Sentence"
    APPEAL = "appeal", "Appeal"


# Where each stage sits; NFA and charge share a place (one or the other follows investigation).
STAGE_RANK: dict[str, int] = {
    Stage.REPORT: 0,
    Stage.INVESTIGATION: 1,
    Stage.NO_FURTHER_ACTION: 2,
    Stage.CHARGE: 2,
    Stage.FIRST_HEARING: 3,
    Stage.PLEA: 4,
    Stage.TRIAL: 5,
    Stage.VERDICT: 6,
    Stage.SENTENCE: 7,
    Stage.APPEAL: 8,
}


class Phase(models.TextChoices):
    """Before, during and after the court process: what support contacts are grouped by."""

    BEFORE = "before", "Before court"
    DURING = "during", "During the trial"
    AFTER = "after", "After the verdict"


def phase_of(stage: str) -> str:
    if stage == Stage.TRIAL:
        return Phase.DURING
    if stage in (Stage.VERDICT, Stage.SENTENCE, Stage.APPEAL, Stage.NO_FURTHER_ACTION):
        return Phase.AFTER
    return Phase.BEFORE


class CriminalJusticeCase(models.Model):
    """One criminal justice process the family is part of."""

    class Support(models.TextChoices):
        OPEN = "open", "Support open"
        STEPPED_DOWN = "stepped_down", "Stepped down"
        ENDED = "ended", "Support ended"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="justice_cases")
    title = models.CharField(
        max_length=200, help_text="How the team refers to it, e.g. 'Exploitation of Jayden (2026)'."
    )
    offences = models.JSONField(default=list, help_text="Offence codes (Offence).")
    police_reference = models.CharField(max_length=50, blank=True)
    officer_in_charge = models.CharField(max_length=200, blank=True)
    officer_contact = models.CharField(
        max_length=200, blank=True, help_text="Phone or email of the officer in charge."
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REPORT)
    stage_since = models.DateField(help_text="When the case entered its current stage.")
    shared_with_family = models.BooleanField(
        default=False,
        help_text="The family's portal shows their court journey (never the suspect).",
    )
    support = models.CharField(max_length=20, choices=Support.choices, default=Support.OPEN)
    support_review_on = models.DateField(
        null=True, blank=True, help_text="When the worker next reviews the support."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "criminal justice case"

    def __str__(self) -> str:
        return f"{self.title} ({self.family.reference})"

    @property
    def offence_labels(self) -> list[str]:
        labels = dict(Offence.choices)
        return [str(labels.get(code, code)) for code in self.offences]

    @property
    def phase(self) -> str:
        return phase_of(self.stage)

    @property
    def days_in_stage(self) -> int:
        return (timezone.localdate() - self.stage_since).days


class StageChange(models.Model):
    """The case entered a stage on a date. Never edited: the history of the case."""

    case = models.ForeignKey(
        CriminalJusticeCase, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    entered_on = models.DateField()
    note = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entered_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "stage"], name="justice_stage_once")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.entered_on:%d %b %Y}"


class CaseChild(models.Model):
    """A child of the family in the case, and their part in it."""

    class Part(models.TextChoices):
        VICTIM = "victim", "Victim"
        WITNESS = "witness", "Witness"
        VICTIM_AND_WITNESS = "victim_witness", "Victim and witness"

    case = models.ForeignKey(CriminalJusticeCase, on_delete=models.CASCADE, related_name="children")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=20, choices=Part.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "young_person"], name="justice_child_once")
        ]

    def __str__(self) -> str:
        return f"{self.young_person} ({self.get_part_display()})"

    @property
    def is_witness(self) -> bool:
        return self.part in (self.Part.WITNESS, self.Part.VICTIM_AND_WITNESS)

    @property
    def is_victim(self) -> bool:
        return self.part in (self.Part.VICTIM, self.Part.VICTIM_AND_WITNESS)


class Suspect(models.Model):
    """A suspect, by reference only: how the team refers to them and, where this family's workers
    named them in partnership intelligence, the person in that report (``intelligence_person``: a
    ``Mention`` of a sent submission of the same family, checked by the service). Through it the
    police reach their person of concern, who joins every report their force received; the worker
    sees only their own family's report. No police detail is copied here, and nothing about a
    suspect is ever shown to the family."""

    case = models.ForeignKey(CriminalJusticeCase, on_delete=models.CASCADE, related_name="suspects")
    known_as = models.CharField(max_length=200, help_text="e.g. the nickname the family uses.")
    intelligence_person = models.ForeignKey(
        "intelligence.Mention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person as named in one of this family's reports to the police, if any.",
    )
    charged = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.known_as


class Hearing(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", "First hearing"
        PLEA = "plea", "Plea and trial preparation hearing"
        S28 = "s28", "Pre-recorded cross-examination (section 28)"
        TRIAL = "trial", "Trial"
        SENTENCING = "sentencing", "Sentencing"
        APPEAL = "appeal", "Appeal"
        OTHER = "other", "Other hearing"

    case = models.ForeignKey(CriminalJusticeCase, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    court = models.CharField(max_length=200)
    courtroom = models.CharField(max_length=50, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    who_attends = models.CharField(
        max_length=500, blank=True, help_text="Who needs to be there, e.g. 'Jayden, Precious, Sam'."
    )
    outcome = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    shared_with_family = models.BooleanField(
        default=True, help_text="Shown in the family's portal and calendar."
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="justice_hearing_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"


class WitnessSupport(models.Model):
    """What gets one child witness to court and through it."""

    child = models.OneToOneField(CaseChild, on_delete=models.CASCADE, related_name="witness")
    abe_interview_on = models.DateField(
        null=True, blank=True, help_text="Video-recorded (ABE) interview."
    )
    pre_trial_visit_on = models.DateField(null=True, blank=True)
    travel = models.CharField(max_length=500, blank=True, help_text="How they get to court.")
    childcare = models.CharField(
        max_length=500, blank=True, help_text="e.g. who looks after a younger sister."
    )
    attendance_plan = models.TextField(blank=True, validators=[MaxCharacters(SHORT_TEXT)])
    with_them = models.CharField(
        max_length=500, blank=True, help_text="Who will be with them on the day."
    )
    what_to_bring = models.CharField(max_length=500, blank=True)
    phone_requested_on = models.DateField(
        null=True, blank=True, help_text="When police asked for the child's phone."
    )
    phone_returned_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(phone_returned_on__isnull=True)
                | Q(
                    phone_requested_on__isnull=False,
                    phone_returned_on__gte=models.F("phone_requested_on"),
                ),
                name="justice_phone_returned_after_requested",
            )
        ]

    def __str__(self) -> str:
        return f"Witness support for {self.child.young_person}"


class Measure(models.TextChoices):
    """Special measures, Youth Justice and Criminal Evidence Act 1999 ss. 23 to 30."""

    SCREENS = "s23", "Screens (s23)"
    LIVE_LINK = "s24", "Live link (s24)"
    IN_PRIVATE = "s25", "Evidence in private (s25)"
    WIGS_AND_GOWNS = "s26", "Removal of wigs and gowns (s26)"
    VIDEO_EVIDENCE = "s27", "Video-recorded evidence in chief (s27)"
    PRE_RECORDED_CROSS = "s28", "Pre-recorded cross-examination (s28)"
    INTERMEDIARY = "s29", "Registered intermediary (s29)"
    COMMUNICATION_AIDS = "s30", "Communication aids (s30)"


class MeasureApplication(models.Model):
    """One special measure for one witness: applied for, then granted or refused."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied for"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    witness = models.ForeignKey(WitnessSupport, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField(max_length=5, choices=Measure.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    recording_on = models.DateField(
        null=True, blank=True, help_text="Section 28 only: when the cross-examination is recorded."
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(fields=["witness", "measure"], name="justice_measure_once"),
            models.CheckConstraint(
                condition=Q(status="applied", decided_on__isnull=True)
                | (~Q(status="applied") & Q(decided_on__gte=models.F("applied_on"))),
                name="justice_measure_decided_after_applied",
            ),
            models.CheckConstraint(
                condition=Q(recording_on__isnull=True) | Q(measure="s28"),
                name="justice_recording_date_s28_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.get_status_display()}"


class Attendance(models.Model):
    """Did the witness attend a hearing, how did they give evidence, and if not, why not."""

    class GaveEvidence(models.TextChoices):
        NOT_NEEDED = "", "Did not give evidence at this hearing"
        IN_COURT = "in_court", "In the courtroom"
        LIVE_LINK = "live_link", "By live link"
        PRE_RECORDED = "pre_recorded", "Pre-recorded (section 28)"

    witness = models.ForeignKey(
        WitnessSupport, on_delete=models.CASCADE, related_name="attendances"
    )
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField()
    gave_evidence = models.CharField(
        max_length=20, choices=GaveEvidence.choices, blank=True, default=""
    )
    why_not = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["hearing__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["witness", "hearing"], name="justice_attendance_once"),
            models.CheckConstraint(
                condition=Q(attended=True) | ~Q(why_not=""), name="justice_absence_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.witness} at {self.hearing}: {'attended' if self.attended else 'absent'}"


class IntimidationConcern(models.Model):
    """A worry that a witness or their family is being intimidated (about 1 in 5 child witnesses:
    PRODUCT.md §5). It can become partnership intelligence in one step: the worker starts a
    submission from it (``intelligence_submission``, a draft until they send it), and when it is
    sent ``intelligence_reference`` and ``told_police_on`` are set (``justice.intelligence``)."""

    witness = models.ForeignKey(
        WitnessSupport, on_delete=models.CASCADE, related_name="intimidation_concerns"
    )
    noticed_on = models.DateField()
    what_happened = models.TextField(validators=[MaxCharacters(LONG_TEXT)])
    told_police_on = models.DateField(null=True, blank=True)
    intelligence_reference = models.CharField(max_length=50, blank=True)
    intelligence_submission = models.ForeignKey(
        "intelligence.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The submission started from this concern (a draft until it is sent).",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noticed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["intelligence_submission"],
                condition=Q(intelligence_submission__isnull=False),
                name="justice_one_concern_a_submission",
            )
        ]

    def __str__(self) -> str:
        return f"Intimidation concern, {self.noticed_on:%d %b %Y}"


class VictimsCodeRight(models.IntegerChoices):
    """The twelve rights of the Code of Practice for Victims of Crime in England and Wales
    (Ministry of Justice, 2021), in our own words. Parents of under-18s are entitled too."""

    UNDERSTAND = 1, "Understand and be understood"
    CRIME_RECORDED = 2, "Have the crime recorded without unjustified delay"
    INFORMATION_ON_REPORTING = 3, "Be told what happens next when reporting the crime"
    SUPPORT_SERVICES = 4, "Be referred to support services suited to their needs"
    COMPENSATION = 5, "Be told about compensation"
    INVESTIGATION_UPDATES = 6, "Be kept informed about the investigation and prosecution"
    PERSONAL_STATEMENT = 7, "Make a Victim Personal Statement"
    TRIAL_INFORMATION = 8, "Be told about the trial and their part as a witness"
    OUTCOME = 9, "Be told the outcome of the case and of any appeal"
    EXPENSES_AND_PROPERTY = 10, "Be paid expenses and have property returned"
    OFFENDER_INFORMATION = 11, "Be told about the offender after a conviction"
    COMPLAINT = 12, "Complain when these rights are not met"


class RightCheck(models.Model):
    """One Victims' Code right for one victim or parent: explained, met or not met."""

    class Status(models.TextChoices):
        NOT_YET = "", "Not yet"
        EXPLAINED = "explained", "Explained"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    case = models.ForeignKey(CriminalJusticeCase, on_delete=models.CASCADE, related_name="rights")
    young_person = models.ForeignKey(
        YoungPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    carer = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    right = models.PositiveSmallIntegerField(choices=VictimsCodeRight.choices)
    status = models.CharField(max_length=10, choices=Status.choices, blank=True, default="")
    note = models.CharField(max_length=500, blank=True)
    complaint_route = models.CharField(
        max_length=500, blank=True, help_text="Where a right was not met: how to complain, to whom."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["right"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(carer__isnull=False) & Q(young_person__isnull=True))
                | (Q(carer__isnull=True) & Q(young_person__isnull=False)),
                name="justice_right_for_one_person",
            ),
            models.UniqueConstraint(
                fields=["case", "young_person", "right"],
                condition=Q(young_person__isnull=False),
                name="justice_right_once_per_child",
            ),
            models.UniqueConstraint(
                fields=["case", "carer", "right"],
                condition=Q(carer__isnull=False),
                name="justice_right_once_per_carer",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_met") | ~Q(complaint_route=""),
                name="justice_unmet_right_has_complaint_route",
            ),
        ]

    def __str__(self) -> str:
        return f"Right {self.right}: {self.get_status_display()}"


class SupportContact(models.Model):
    """Support given to the family around the case, placed in the stage it happened in."""

    case = models.ForeignKey(
        CriminalJusticeCase, on_delete=models.CASCADE, related_name="support_contacts"
    )
    occurred_on = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices)
    summary = models.TextField(validators=[MaxCharacters(SHORT_TEXT)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"Support on {self.occurred_on:%d %b %Y}"

    @property
    def phase(self) -> str:
        return phase_of(self.stage)


class SupportStep(models.Model):
    """The support's own course: stepped down, re-engaged, reviewed, ended."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Support reviewed"
        STEP_DOWN = "step_down", "Stepped down"
        RE_ENGAGE = "re_engage", "Re-engaged"
        END = "end", "Support ended"

    case = models.ForeignKey(
        CriminalJusticeCase, on_delete=models.CASCADE, related_name="support_steps"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    reason = models.CharField(max_length=500)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%d %b %Y}"


class CalendarFeed(models.Model):
    """A secret calendar address for one person: their hearings (a worker) or their family's
    hearings shared with them (a parent or young person). Only a hash of the token is kept; a
    rotated feed is revoked and its address answers 404 for ever."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(revoked_at__isnull=True), name="justice_one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"


class CalendarPreference(models.Model):
    """A family member's own choice about what their calendar says. Without one (or until they
    choose), hearings show only as "Appointment": someone else may see their phone."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_preference"
    )
    shows_detail = models.BooleanField(default=False)
    chosen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar detail {'on' if self.shows_detail else 'off'} for {self.person}"
