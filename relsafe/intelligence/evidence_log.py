"""Where intelligence tells the family's evidence log (issue 9) what became of what they logged.

The log hears the status only ("passed to police", "passed to police — acknowledged"), never the
force's feedback, so nothing in it can compromise police work or reach the family through it.
Until the evidence app's services are merged these are the seam: they do nothing for a
submission not built from evidence-log entries, and the calls are already in place in
``services``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from relsafe.intelligence.models import Submission


def passed_to_police(
    *, actor: Any, submission: Submission, request: HttpRequest | None = None
) -> None:
    """The entries this submission was built from have been passed to the police."""
    if not submission.evidence_entry_ids:
        return


def police_status(
    *, actor: Any, submission: Submission, request: HttpRequest | None = None
) -> None:
    """The force acknowledged the submission or recorded an outcome (status only)."""
    if not submission.evidence_entry_ids:
        return
