"""Retention as background work (issue 14): ``manage.py schedule_retention`` (started nightly by a
timer) enqueues one run a night; the task applies the real schedule and records its result and
certificate, or its failure, where administrators see them."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from relsafe.audit.services import verify_chain
from relsafe.cases.models import Family
from relsafe.governance import retention, selectors, services
from relsafe.governance.models import RetentionRun
from tests.factories import FamilyFactory, YoungPersonFactory
from tests.governance.factories import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def _aged_out_family() -> Family:
    family: Any = FamilyFactory(
        status=Family.Status.CLOSED, closed_at=timezone.now() - dt.timedelta(days=12 * 365)
    )
    YoungPersonFactory(
        family=family, date_of_birth=timezone.localdate() - dt.timedelta(days=30 * 365)
    )
    return family


def test_the_nightly_command_runs_the_schedule_once_a_night() -> None:
    family = _aged_out_family()
    out = StringIO()
    call_command("schedule_retention", stdout=out)
    run = RetentionRun.objects.get()
    assert "enqueued" in out.getvalue()
    # The test settings run tasks immediately, as the worker would.
    assert run.status == RetentionRun.Status.DONE
    assert run.families_removed == 1
    assert run.certificate is not None
    assert run.certificate.items[0]["reference"] == family.reference
    assert not Family.objects.filter(pk=family.pk).exists()
    assert run.task_id
    assert verify_chain().ok
    again = StringIO()
    call_command("schedule_retention", stdout=again)
    assert "already been asked for" in again.getvalue()
    assert RetentionRun.objects.count() == 1
    call_command("schedule_retention", "--again", stdout=StringIO())
    assert RetentionRun.objects.count() == 2
    assert RetentionRun.objects.first().trigger == RetentionRun.Trigger.MANUAL  # type: ignore[union-attr]


def test_a_failed_run_is_recorded_and_nothing_is_removed(monkeypatch: Any) -> None:
    family = _aged_out_family()

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr("relsafe.governance.tasks.apply_retention", broken)
    run = services.schedule_retention(requested_by="timer")
    assert run is not None
    assert run.status == RetentionRun.Status.FAILED
    assert run.error == "RuntimeError: database went away"
    assert Family.objects.filter(pk=family.pk).exists()
    assert verify_chain().ok


def test_administrators_see_runs_certificates_and_failures(
    monkeypatch: Any, signed_in: Any
) -> None:
    admin, manager, _ = handlers()
    _aged_out_family()
    done = services.schedule_retention(requested_by="timer")
    assert done is not None
    monkeypatch.setattr(
        "relsafe.governance.tasks.apply_retention",
        lambda **kwargs: (_ for _ in ()).throw(RuntimeError("disk full")),
    )
    services.schedule_retention(requested_by="by hand", trigger=RetentionRun.Trigger.MANUAL)
    page = signed_in(admin).get(reverse("governance:retention")).content.decode()
    assert "Recent retention runs" in page
    assert "1 case removed" in page
    assert done.certificate is not None
    assert f"certificate of deletion {done.certificate.pk}" in page
    assert "The retention run failed" in page
    assert "RuntimeError: disk full" in page
    assert selectors.retention_health(user=manager).runs == []


def test_a_late_nightly_run_is_flagged() -> None:
    admin, _, _ = handlers()
    assert selectors.retention_health(user=admin).late  # nothing has ever run
    services.schedule_retention(requested_by="timer")
    assert not selectors.retention_health(user=admin).late
    later = timezone.now() + selectors.RETENTION_LATE_AFTER + dt.timedelta(minutes=1)
    assert selectors.retention_health(user=admin, now=later).late
    assert retention.SCHEDULE  # the page's schedule is still shown beside the runs
