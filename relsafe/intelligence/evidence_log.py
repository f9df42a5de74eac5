"""Where intelligence meets the family's evidence log (issue 9).

A worker may build a submission from reviewed entries (``reviewed_entries``, the form's
"Evidence log entries" choice and its pre-filled text); when it is sent those entries move to
"passed to police" under the submission's reference, and when the force acknowledges it (or
records an outcome before acknowledging) to "passed to police — acknowledged". The log hears the
status only, never the force's feedback, so nothing in it can compromise police work or reach the
family through it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from relsafe.cases.models import Family
from relsafe.evidence import selectors as evidence_selectors
from relsafe.evidence import services as evidence_services
from relsafe.evidence.models import EvidenceEntry
from relsafe.intelligence.models import Submission


def reviewed_entries(user: Any, family: Family) -> list[EvidenceEntry]:
    """Reviewed entries not yet passed, that the worker may build a submission from."""
    return evidence_selectors.reviewed_entries_for_family(user, family)


def _entries(submission: Submission) -> list[EvidenceEntry]:
    return list(
        EvidenceEntry.objects.filter(
            pk__in=list(submission.evidence_entry_ids), family_id=submission.family_id
        ).order_by("sequence")
    )


def passed_to_police(
    *, actor: Any, submission: Submission, request: HttpRequest | None = None
) -> None:
    """The entries this submission was built from have been passed to the police."""
    if not submission.evidence_entry_ids:
        return
    evidence_services.mark_passed_to_police(
        actor=actor,
        entries=_entries(submission),
        submission_reference=submission.reference,
        request=request,
    )


def police_status(
    *, actor: Any, submission: Submission, request: HttpRequest | None = None
) -> None:
    """The force acknowledged the submission (or recorded an outcome, which acknowledges it)."""
    if not submission.evidence_entry_ids or submission.acknowledged_at is None:
        return
    evidence_services.mark_police_acknowledged(
        actor=actor,
        entries=_entries(submission),
        submission_reference=submission.reference,
        request=request,
    )
