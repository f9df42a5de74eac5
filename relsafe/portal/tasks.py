"""Background work for the portal (django-tasks; ``manage.py db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from relsafe.portal.models import QueuedNotice


@task()
def deliver_queued_notice(notice_id: int) -> str:
    """Send a notice that waited for the family member's safe hours (``services.deliver_notice``
    asks their safe-contact decision again first). Enqueued to run at the window's start."""
    from relsafe.portal.services import deliver_notice

    notice = QueuedNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        return "gone"
    return deliver_notice(notice=notice)


@task()
def deliver_due_notices() -> int:
    """Every waiting notice whose time has come (after a stopped worker, say)."""
    from relsafe.portal.services import deliver_due_notices as deliver

    return deliver()
