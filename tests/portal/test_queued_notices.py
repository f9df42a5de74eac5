"""Notices outside a family member's safe hours are queued, not dropped, and sent at the start
of the next safe window (issue 9, item 2), with a fixed clock. The test settings run tasks at
once (ImmediateBackend), so the task is called early and must do nothing until the window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from relsafe.audit.models import AuditEvent
from relsafe.cases.models import SafeContactDecision
from relsafe.portal import services, sms, tasks
from relsafe.portal.models import QueuedNotice
from tests.portal.factories import PortalScene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> PortalScene:
    return PortalScene()


@pytest.fixture(autouse=True)
def _empty_text_outbox() -> Any:
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


DAY = dt.date(2026, 3, 10)


def _decide(scene: PortalScene, **values: Any) -> SafeContactDecision:
    return SafeContactDecision.objects.create(
        family=scene.family, carer=scene.carer, decided_by=scene.worker, **values
    )


def test_next_safe_start_is_later_today_or_tomorrow(scene: PortalScene) -> None:
    decision = _decide(
        scene,
        notify_by="email",
        email="s@example.org",
        safe_from=dt.time(9),
        safe_until=dt.time(17),
    )
    assert services.next_safe_start(decision, _at(DAY, 7)) == _at(DAY, 9)
    assert services.next_safe_start(decision, _at(DAY, 22)) == _at(DAY + dt.timedelta(days=1), 9)
    assert services.next_safe_start(decision, _at(DAY, 12)) == _at(DAY, 12)
    overnight = _decide(
        scene,
        notify_by="email",
        email="s@example.org",
        safe_from=dt.time(20),
        safe_until=dt.time(7),
    )
    assert services.next_safe_start(overnight, _at(DAY, 12)) == _at(DAY, 20)


def test_a_late_notice_is_queued_then_sent_at_nine_audited_without_content(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(
        scene,
        notify_by="email",
        email="safe@example.org",
        safe_from=dt.time(9),
        safe_until=dt.time(17),
    )
    with (
        time_machine.travel(_at(DAY, 22), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.notify_family_member(person=scene.carer) == "queued"
        # A second message the same night does not queue a second notice.
        assert services.notify_family_member(person=scene.carer) == "queued"
    assert mail.outbox == []
    notice = QueuedNotice.objects.get()
    assert notice.due_at == _at(DAY + dt.timedelta(days=1), 9)
    # The task ran at once (test backend) and found it not yet due.
    assert notice.done_at is None
    with time_machine.travel(_at(DAY + dt.timedelta(days=1), 8, 59), tick=False):
        assert tasks.deliver_queued_notice.call(notice.pk) == "not due"
    assert mail.outbox == []
    with (
        time_machine.travel(_at(DAY + dt.timedelta(days=1), 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.deliver_queued_notice.call(notice.pk) == "email"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["safe@example.org"]
    assert mail.outbox[0].body == services.FAMILY_NOTICE
    notice.refresh_from_db()
    assert notice.done_at == _at(DAY + dt.timedelta(days=1), 9)
    entries = list(AuditEvent.objects.filter(object_type="portal.notice").order_by("id"))
    assert [e.reason for e in entries] == ["queued", "queued", "email"]
    assert entries[-1].detail["from_queue"] is True
    text = " ".join(f"{e.reason} {e.detail}" for e in entries)
    assert "safe@example.org" not in text
    assert services.FAMILY_NOTICE not in text
    # Delivered once: running again sends nothing more.
    with time_machine.travel(_at(DAY + dt.timedelta(days=1), 10), tick=False):
        tasks.deliver_queued_notice.call(notice.pk)
    assert len(mail.outbox) == 1


def test_a_decision_changed_to_send_nothing_drops_the_waiting_notice(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(
        scene, notify_by="text", phone="+447700900123", safe_from=dt.time(9), safe_until=dt.time(17)
    )
    with (
        time_machine.travel(_at(DAY, 6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notify_family_member(person=scene.carer)
    _decide(scene, notify_by="none")
    with (
        time_machine.travel(_at(DAY, 9, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.deliver_due_notices() == 1
    assert sms.outbox == []
    notice = QueuedNotice.objects.get()
    assert notice.done_at is not None
    assert notice.outcome == "not sent: the decision says send nothing"


def test_new_safe_hours_move_the_waiting_notice_on(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(
        scene, notify_by="text", phone="+447700900123", safe_from=dt.time(9), safe_until=dt.time(17)
    )
    with (
        time_machine.travel(_at(DAY, 6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notify_family_member(person=scene.carer)
    _decide(
        scene,
        notify_by="text",
        phone="+447700900123",
        safe_from=dt.time(18),
        safe_until=dt.time(20),
    )
    with (
        time_machine.travel(_at(DAY, 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.deliver_due_notices()
    notice = QueuedNotice.objects.get()
    assert notice.done_at is None
    assert notice.due_at == _at(DAY, 18)
    with (
        time_machine.travel(_at(DAY, 18, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.deliver_due_notices()
    assert [m.to for m in sms.outbox] == ["+447700900123"]
