"""Retention on the demo data: the dry run changes nothing, the real run removes only what the
schedule says (never a held case, never one that records elsewhere protect), leaves a
certificate, takes the removed cases' files off the disk, and the audit chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import verify_chain
from relsafe.cases.models import Family
from relsafe.core import files
from relsafe.governance import services
from relsafe.governance.models import DeletionCertificate
from relsafe.governance.retention import due_for_removal
from relsafe.governance.tasks import apply_retention_task
from relsafe.outcomes.models import OutcomeEvent
from relsafe.records.models import Attachment, Contact
from tests.factories import FamilyFactory, YoungPersonFactory

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


def test_dry_run_then_real_run_on_the_demo_data(demo_world: Any) -> None:
    ruby = demo_world.families["ruby"]
    for family in Family.objects.all():
        _age_out(family)
    services.place_legal_hold(
        actor=demo_world.people["robin"],
        family=ruby,
        reason="Care proceedings",
        review_on=timezone.localdate() + dt.timedelta(days=90),
    )
    # Every demo case has intelligence sent to police (the force's record, PROTECT): those are
    # kept for review. One more closed case, with nothing elsewhere holding it, goes.
    target: Any = FamilyFactory(lead_organisation=demo_world.organisations["charity"])
    YoungPersonFactory(family=target)
    _age_out(target)
    due = due_for_removal()
    going = [d for d in due if not d.kept]
    assert [d.family_pk for d in going] == [target.pk]
    contact: Any = Contact.objects.filter(family=target).first() or Contact.objects.create(
        family=target,
        kind=Contact.Kind.HOME_VISIT,
        occurred_at=timezone.now(),
        discussed="A visit.",
        recorded_by=demo_world.people["sam"],
        recorded_by_organisation=demo_world.people["sam"].organisation,
    )
    stored = files.file_storage()
    hex_name = files.new_stored_name()
    stored_name = files.storage_name("attachments", hex_name)
    stored.save(stored_name, ContentFile(b"%PDF-1.4 test"))
    Attachment.objects.create(
        contact=contact,
        original_name="note.pdf",
        file_type="pdf",
        size=13,
        stored_name=hex_name,
        sha256="0" * 64,
        uploaded_by=demo_world.people["sam"],
    )
    outcome_count = OutcomeEvent.objects.filter(family_id__in=[d.family_pk for d in going]).count()
    target_entries = AuditEvent.objects.filter(family_id=target.pk).count()

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    listing = out.getvalue()
    assert f"{target.reference}: would delete" in listing
    assert f"{ruby.reference}: kept: legal hold" in listing
    for blocked in (d for d in due if d.blocked_by and not d.held):
        assert f"{blocked.reference}: kept for review: referenced by" in listing
    assert Family.objects.filter(pk=target.pk).exists()
    assert not DeletionCertificate.objects.exists()

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "audit chain verified" in out.getvalue()
    assert not Family.objects.filter(pk__in=[d.family_pk for d in going]).exists()
    assert Family.objects.filter(pk=ruby.pk).exists()
    assert Family.objects.filter(pk__in=[d.family_pk for d in due if d.kept]).count() == len(
        [d for d in due if d.kept]
    )
    # The removed case's audit entries all stay, with one more saying it was removed.
    assert AuditEvent.objects.filter(family_id=target.pk).count() == target_entries + 1
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(target.pk)).exists()
    certificate = DeletionCertificate.objects.get()
    assert certificate.families_removed == len(going)
    assert certificate.held_back == [ruby.reference]
    assert sum(certificate.outcomes_kept.values()) == outcome_count
    assert {"kind": "stored files", "count": 1} in certificate.items
    assert not stored.exists(stored_name)
    assert verify_chain().ok


def test_nothing_open_is_due(demo_world: Any) -> None:
    assert due_for_removal() == []


def test_the_background_task_runs_the_schedule(demo_world: Any) -> None:
    for family in Family.objects.all():
        _age_out(family)
    extra: Any = FamilyFactory()
    _age_out(extra)
    expected = len([d for d in due_for_removal() if not d.kept])
    result = apply_retention_task.enqueue()
    assert result.return_value == expected == 1
    assert verify_chain().ok
