"""The retention schedule and applying it.

A family's case is removed only when the schedule says so *and* no legal hold is on it. Removal
deletes the case and everything that cascades from it (and then the files of its attachments), but
never an audit entry: the audit trail
is append-only and hash-chained, its entries name the object type and id but hold no case content,
so the chain still verifies after a run. Aggregate outcomes (counts by kind) are kept on the
certificate of deletion.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.core import files
from relsafe.governance.dates import add_months
from relsafe.governance.models import DeletionCertificate, LegalHold
from relsafe.outcomes.models import OutcomeEvent


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    keep_for: str
    action: str
    basis: str
    source: str
    local_policy: bool = False


SCHEDULE: list[RetentionRule] = [
    RetentionRule(
        kind="Family case (children at risk of exploitation, safeguarding records)",
        keep_for="Until the youngest child's 25th birthday, counted from the case's closure at the "
        "earliest",
        action="Delete the case, its records and attachments; keep aggregate outcomes",
        basis="UK GDPR Art. 5(1)(e) storage limitation; children's social care case records",
        source="IRMS Information Management Toolkit for Local Authorities (children's social care: "
        "child protection and child in need case files, until the 25th birthday)",
    ),
    RetentionRule(
        kind="Family case with no child's date of birth recorded",
        keep_for="Six years after the case closed",
        action="Delete the case, its records and attachments; keep aggregate outcomes",
        basis="UK GDPR Art. 5(1)(e) storage limitation",
        source="Local policy choice (Limitation Act 1980 s. 2 and s. 5, six years)",
        local_policy=True,
    ),
    RetentionRule(
        kind="A case under a legal hold (proceedings, an inquiry such as IICSA, a serious case review)",
        keep_for="Until the hold is lifted, whatever the rows above say",
        action="Never deleted while held",
        basis="DPA 2018 Sch. 2 Part 1 para. 5 (legal proceedings); inquiries' retention notices",
        source="Inquiries Act 2005 s. 21; Working Together to Safeguard Children 2023 (reviews)",
    ),
    RetentionRule(
        kind="Audit trail entries",
        keep_for="Permanently",
        action="Never deleted (append-only, hash-chained); they hold no case content",
        basis="UK GDPR Art. 5(2) accountability and Art. 32 security of processing",
        source="Local policy choice",
        local_policy=True,
    ),
    RetentionRule(
        kind="Subject access requests and disclosure pack hashes",
        keep_for="Kept with the request; the request's link to a removed case is cleared",
        action="Kept (no case content beyond the person's name)",
        basis="UK GDPR Art. 5(2) accountability",
        source="Local policy choice (ICO guidance on the right of access: keep a record of requests)",
        local_policy=True,
    ),
]


@dataclass(frozen=True)
class Due:
    family_pk: int
    reference: str
    rule: str
    due_since: dt.date
    held: bool
    blocked_by: tuple[str, ...] = ()  # records elsewhere that must not go with it (PROTECT)

    @property
    def kept(self) -> bool:
        return self.held or bool(self.blocked_by)


def _blocked_by(family: Family) -> tuple[str, ...]:
    """What protects this case from deletion (e.g. intelligence already sent to police, which is
    the force's record): such a case is kept and listed for a person to review."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect([family])
    except ProtectedError as error:
        return tuple(
            sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        )
    return ()


def _twenty_fifth_birthday(born: dt.date) -> dt.date:
    return add_months(born, 25 * 12)


def due_for_removal(*, today: dt.date | None = None) -> list[Due]:
    """Every closed case the schedule says may go, held ones marked (they are kept)."""
    today = today or timezone.localdate()
    held = set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("family_id", flat=True))
    found: list[Due] = []
    closed = Family.objects.filter(status=Family.Status.CLOSED, closed_at__isnull=False)
    for family in closed.prefetch_related("young_people").order_by("pk"):
        closed_on = timezone.localdate(family.closed_at or timezone.now())
        births = [yp.date_of_birth for yp in family.young_people.all() if yp.date_of_birth]
        if births:
            due = max(_twenty_fifth_birthday(max(births)), closed_on)
            rule = SCHEDULE[0].kind
        else:
            due = add_months(closed_on, 6 * 12)
            rule = SCHEDULE[1].kind
        if due <= today:
            found.append(
                Due(family.pk, family.reference, rule, due, family.pk in held, _blocked_by(family))
            )
    return found


def apply_retention(
    *, dry_run: bool, run_by: str, today: dt.date | None = None
) -> tuple[list[Due], DeletionCertificate | None]:
    """List (dry run) or remove what the schedule says may go; a real run leaves a certificate."""
    due = due_for_removal(today=today)
    if dry_run:
        return due, None
    removable = [d for d in due if not d.kept]
    with transaction.atomic():
        outcomes: Counter[str] = Counter()
        for row in (
            OutcomeEvent.objects.filter(family_id__in=[d.family_pk for d in removable])
            .values("kind")
            .annotate(n=Count("pk"))
        ):
            outcomes[row["kind"]] += row["n"]
        for item in removable:
            Family.objects.filter(pk=item.family_pk).delete()
            record(
                action=AuditAction.DELETE,
                object_type="cases.family",
                object_id=item.family_pk,
                family_id=item.family_pk,
                reason="Removed under the retention schedule",
                detail={"rule": item.rule[:80], "due_since": item.due_since.isoformat()},
                actor_email=run_by[:254],
            )
        certificate = DeletionCertificate.objects.create(
            run_by=run_by,
            families_removed=len(removable),
            items=[
                {
                    "kind": "cases.family",
                    "reference": d.reference,
                    "rule": d.rule,
                    "due_since": d.due_since.isoformat(),
                    "action": "deleted",
                }
                for d in removable
            ],
            held_back=[d.reference for d in due if d.held],
            blocked=[
                {"reference": d.reference, "by": list(d.blocked_by)} for d in due if d.blocked_by
            ],
            outcomes_kept=dict(outcomes),
        )
        certificate.audit_head = (
            AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first() or ""
        )
        certificate.save(update_fields=["audit_head"])
        record(
            action=AuditAction.DELETE,
            obj=certificate,
            reason="Certificate of deletion",
            detail={"families_removed": len(removable)},
            actor_email=run_by[:254],
        )
    if removable:
        # The removed cases' attachments have no row now: take their files off the disk too.
        report = files.check_storage(delete_orphans=True)
        certificate.items.append({"kind": "stored files", "count": len(report.deleted)})
        certificate.save(update_fields=["items"])
    return due, certificate
