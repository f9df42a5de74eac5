"""Background tasks: the retention schedule runs nightly from the task worker."""

from __future__ import annotations

from django_tasks import task

from relsafe.governance.retention import apply_retention


@task()
def apply_retention_task() -> int:
    """Apply the schedule; returns how many cases were removed."""
    _, certificate = apply_retention(dry_run=False, run_by="retention task")
    return certificate.families_removed if certificate else 0
