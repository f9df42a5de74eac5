"""Retention on the demo data: the dry run changes nothing, the real run removes only what the
schedule says (never a held case), leaves a certificate, and the audit chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import verify_chain
from relsafe.cases.models import Family
from relsafe.core import files
from relsafe.governance import services
from relsafe.governance.models import DeletionCertificate, SubjectAccessRequest
from relsafe.governance.retention import due_for_removal
from relsafe.governance.tasks import apply_retention_task
from relsafe.outcomes.models import OutcomeEvent
from relsafe.records.services import add_attachment
from tests import sample_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Orphaned files are removed after a run: never from the developer's var/files."""
    settings.MEDIA_ROOT = tmp_path / "files"


def _age_out(family: Family) -> None:
    """Closed long ago, every child now over 25."""
    family.status = Family.Status.CLOSED
    family.closed_at = timezone.now() - dt.timedelta(days=12 * 365)
    family.save(update_fields=["status", "closed_at"])
    family.young_people.update(date_of_birth=timezone.localdate() - dt.timedelta(days=30 * 365))


def test_dry_run_then_real_run_on_the_demo_data(
    demo_world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    jayden, ruby = demo_world.families["jayden"], demo_world.families["ruby"]
    contact = jayden.contacts.first()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = add_attachment(
            actor=demo_world.people["sam"],
            contact=contact,
            name="note.pdf",
            data=sample_files.pdf_bytes(),
        )
    stored = files.file_storage()
    stored_name = files.storage_name("attachments", attachment.stored_name)
    assert stored.exists(stored_name)
    _age_out(jayden)
    _age_out(ruby)
    services.place_legal_hold(
        actor=demo_world.people["robin"],
        family=ruby,
        reason="Care proceedings",
        review_on=timezone.localdate() + dt.timedelta(days=90),
    )
    outcome_count = OutcomeEvent.objects.filter(family=jayden).count()
    entries_before = AuditEvent.objects.count()
    jayden_entries = AuditEvent.objects.filter(family_id=jayden.pk).count()
    assert jayden_entries > 0

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    listing = out.getvalue()
    assert f"{jayden.reference}: would delete" in listing
    assert f"{ruby.reference}: kept: legal hold" in listing
    assert Family.objects.filter(pk=jayden.pk).exists()
    assert not DeletionCertificate.objects.exists()

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "audit chain verified" in out.getvalue()
    assert not Family.objects.filter(pk=jayden.pk).exists()
    assert Family.objects.filter(pk=ruby.pk).exists()
    # The request about Precious stays, without its case; the case's audit entries all stay.
    assert SubjectAccessRequest.objects.filter(family__isnull=True).exists()
    assert AuditEvent.objects.filter(family_id=jayden.pk).count() == jayden_entries + 1
    assert AuditEvent.objects.count() > entries_before
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(jayden.pk)).exists()
    certificate = DeletionCertificate.objects.get()
    assert certificate.families_removed == 1
    assert certificate.held_back == [ruby.reference]
    assert sum(certificate.outcomes_kept.values()) == outcome_count
    assert "Precious" not in str(certificate.items)
    assert {"kind": "stored files", "count": 1} in certificate.items
    assert not stored.exists(stored_name)
    assert verify_chain().ok


def test_nothing_open_is_due(demo_world: Any) -> None:
    assert due_for_removal() == []


def test_the_background_task_runs_the_schedule(demo_world: Any) -> None:
    _age_out(demo_world.families["ruby"])
    result = apply_retention_task.enqueue()
    assert result.return_value == 1
    assert verify_chain().ok
