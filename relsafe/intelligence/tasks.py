"""Background work for intelligence (django-tasks; ``manage.py db_worker`` runs it)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from relsafe.intelligence import linking
from relsafe.intelligence.models import RelinkRun

# How often the progress bar's row is written: every this many mentions.
PROGRESS_STEP = 200


@task()
def relink_everything(run_id: int) -> int:
    """A full re-link of every mention, reporting progress on its ``RelinkRun`` row; analysts'
    decisions are inputs, so every confirmed link and split holds. Returns the people after."""
    RelinkRun.objects.filter(pk=run_id).update(status=RelinkRun.Status.RUNNING, done=0)

    def progress(placed: int) -> None:
        if placed % PROGRESS_STEP == 0:
            RelinkRun.objects.filter(pk=run_id).update(done=placed)

    try:
        before, after = linking.full_relink(progress=progress)
    except Exception:
        RelinkRun.objects.filter(pk=run_id).update(
            status=RelinkRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    run = RelinkRun.objects.get(pk=run_id)
    RelinkRun.objects.filter(pk=run_id).update(
        status=RelinkRun.Status.DONE,
        done=run.total,
        people_before=before,
        people_after=after,
        finished_at=timezone.now(),
    )
    return after
