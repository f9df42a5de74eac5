"""Background tasks: the retention schedule, run from the task worker (``manage.py db_worker``).

django-tasks has no scheduler of its own: ``manage.py schedule_retention`` asks for tonight's run
and is started by cron or a systemd timer (docs/OPERATIONS.md). Each run is a ``RetentionRun`` row
so its result, its certificate and any failure show on the retention page."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.governance.models import RetentionRun
from relsafe.governance.retention import apply_retention


def run_retention(run: RetentionRun) -> RetentionRun:
    """Apply the schedule for this run, recording how it went; a failure is recorded, audited and
    raised again (so the task worker logs the trace and marks the task failed too)."""
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.RUNNING, started_at=timezone.now()
    )
    try:
        _, certificate = apply_retention(
            dry_run=False, run_by=f"retention task ({run.get_trigger_display().lower()})"
        )
    except Exception as error:
        RetentionRun.objects.filter(pk=run.pk).update(
            status=RetentionRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:500],
        )
        record(
            action=AuditAction.DELETE,
            obj=run,
            reason="Retention run failed",
            detail={"error": type(error).__name__},
            actor_email=run.requested_by[:254],
        )
        raise
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.DONE,
        finished_at=timezone.now(),
        certificate=certificate,
        families_removed=certificate.families_removed if certificate else 0,
    )
    run.refresh_from_db()
    return run


@task()
def apply_retention_task(run_id: int | None = None) -> int:
    """Apply the schedule for one ``RetentionRun`` (a run is made if none is given); returns how
    many cases were removed."""
    if run_id is None:
        run = RetentionRun.objects.create(
            run_on=timezone.localdate(),
            trigger=RetentionRun.Trigger.MANUAL,
            requested_by="retention task",
        )
    else:
        run = RetentionRun.objects.get(pk=run_id)
    return run_retention(run).families_removed
