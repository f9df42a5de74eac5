"""Writing records: sanitised text, who may write, optimistic locking, attachments, audit."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core import files
from relsafe.core.concurrency import EditConflict
from relsafe.core.files import FileRejected
from relsafe.records import services
from relsafe.records.attachments import FOLDER
from relsafe.records.models import Attachment, Contact, Tag
from tests import sample_files
from tests.factories import YoungPersonFactory
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Hello <strong>Precious</strong></p>", "<p>Hello <strong>Precious</strong></p>"),
        ("<script>alert(1)</script>Visit went well", "Visit went well"),
        ('<p onclick="steal()">Text</p>', "<p>Text</p>"),
        ('<a href="javascript:alert(1)">link</a>', "link"),
        ("<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>"),
        ('<img src=x onerror="alert(1)">', ""),
        ("<em>kept</em><br><style>p{}</style>", "<em>kept</em><br>"),
        ("5 < 6 & so on", "5 &lt; 6 &amp; so on"),
        ("<!-- hidden -->shown", "shown"),
    ],
)
def test_sanitise_keeps_only_simple_formatting(raw: str, expected: str) -> None:
    assert services.sanitise_text(raw) == expected


def test_plain_text_drops_markup_for_search_and_exports() -> None:
    assert services.plain_text("<p>One &amp; two</p><p>Three</p>") == "One & two\nThree"


def _contact(world: RecordsWorld, **overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "actor": world.worker,
        "family": world.family,
        "kind": Contact.Kind.HOME_VISIT,
        "occurred_at": timezone.now() - dt.timedelta(hours=2),
        "discussed": "<p>First visit with mum.</p><script>x()</script>",
        "young_people": [world.young_person],
        "parent_voice": "I know my son.",
    }
    values.update(overrides)
    return services.record_contact(**values)


def test_record_contact_sanitises_and_audits(world: RecordsWorld) -> None:
    contact = _contact(world, significant=True, chronology_tag=Tag.CONCERN)
    assert contact.discussed == "<p>First visit with mum.</p>"
    assert contact.recorded_by_organisation == world.charity
    assert list(contact.young_people.all()) == [world.young_person]
    assert "I know my son." in contact.search_text
    event = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="records.contact"
    ).get()
    assert event.family_id == world.family.pk
    assert event.actor_id == world.worker.pk
    assert "first visit" not in str(event.detail).lower()


@pytest.mark.parametrize("who", ["other_worker", "police_analyst", "commissioner", "parent"])
def test_people_not_working_with_the_family_cannot_record(world: RecordsWorld, who: str) -> None:
    with pytest.raises(NotAllowed):
        _contact(world, actor=world.person(who))
    assert not Contact.objects.exists()


def test_young_people_must_belong_to_the_family(world: RecordsWorld) -> None:
    stranger = YoungPersonFactory.create(family=world.other_family)
    with pytest.raises(ValidationError):
        _contact(world, young_people=[stranger])


def test_empty_discussion_after_sanitising_is_refused(world: RecordsWorld) -> None:
    with pytest.raises(ValidationError):
        _contact(world, discussed="<script>only()</script>")


def test_update_with_current_version_saves_and_bumps_version(world: RecordsWorld) -> None:
    contact = _contact(world)
    updated = services.update_contact(
        actor=world.worker,
        contact=contact,
        expected_version=1,
        changes={"discussed": "Changed <b>text</b>", "young_people": [world.sibling]},
    )
    assert updated.version == 2
    assert updated.discussed == "Changed text"
    assert list(updated.young_people.all()) == [world.sibling]
    assert "Changed text" in updated.search_text


def test_second_save_from_a_stale_form_is_a_conflict_not_an_overwrite(world: RecordsWorld) -> None:
    contact = _contact(world)
    services.update_contact(
        actor=world.worker, contact=contact, expected_version=1, changes={"discussed": "First edit"}
    )
    with pytest.raises(EditConflict) as conflict:
        services.update_contact(
            actor=world.manager,
            contact=contact,
            expected_version=1,
            changes={"discussed": "Second edit"},
        )
    assert conflict.value.current.discussed == "First edit"
    contact.refresh_from_db()
    assert contact.discussed == "First edit"
    assert contact.version == 2


def test_another_organisation_cannot_change_the_record(world: RecordsWorld) -> None:
    contact = _contact(world)
    with pytest.raises(NotAllowed):
        services.update_contact(
            actor=world.social_worker,
            contact=contact,
            expected_version=1,
            changes={"discussed": "Rewritten"},
        )


def _read_stored(attachment: Attachment) -> bytes:
    with files.file_storage().open(files.storage_name(FOLDER, attachment.stored_name)) as f:
        data: bytes = f.read()
    return data


def _stored_files() -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _add(world: RecordsWorld, contact: Contact, name: str, data: bytes, **kw: Any) -> Attachment:
    return services.add_attachment(actor=world.worker, contact=contact, name=name, data=data, **kw)


def test_attachment_is_stored_outside_the_web_root_under_a_random_name(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = _contact(world)
    letter = sample_files.pdf_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = _add(world, contact, "../../letter.pdf", letter)
    path = Path(files.file_storage().path(files.storage_name(FOLDER, attachment.stored_name)))
    assert path.read_bytes() == letter
    assert Path(settings.MEDIA_ROOT) in path.parents
    assert "letter" not in path.name
    assert attachment.original_name == "letter.pdf"
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert AuditEvent.objects.filter(object_type="records.attachment").count() == 1


def test_photo_metadata_is_stripped_on_upload(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = _contact(world)
    original = sample_files.jpeg_with_exif()
    assert b"CameraMaker" in original
    with django_capture_on_commit_callbacks(execute=True):
        attachment = _add(world, contact, "photo.jpg", original)
    stored = _read_stored(attachment)
    assert b"CameraMaker" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30)


def test_disallowed_file_is_refused_and_nothing_is_kept(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = _contact(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(FileRejected):
        _add(world, contact, "run.pdf", b"MZ\x90\x00 windows exe")
    assert not Attachment.objects.exists()
    assert _stored_files() == []


def test_a_failed_save_leaves_no_file(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """The row cannot be saved (its random name is already taken): no file is written."""
    contact = _contact(world)
    with django_capture_on_commit_callbacks(execute=True):
        first = _add(world, contact, "first.pdf", sample_files.pdf_bytes())
    monkeypatch.setattr(files, "new_stored_name", lambda: first.stored_name)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IntegrityError):
        _add(world, contact, "second.pdf", sample_files.pdf_bytes(pages=2))
    assert Attachment.objects.count() == 1
    assert _stored_files() == [first.stored_name]
    assert _read_stored(first) == sample_files.pdf_bytes()


def test_a_rollback_after_the_save_leaves_neither_row_nor_file(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    """A caller's own transaction that gives up after the attachment was saved in it (a command,
    a future API batch): the row and its audit entry roll back, and the file is never written."""
    contact = _contact(world)
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        attachment = _add(world, contact, "letter.pdf", sample_files.pdf_bytes())
        assert Attachment.objects.filter(pk=attachment.pk).exists()
        raise RuntimeError("the next step failed")
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="records.attachment").exists()
    assert _stored_files() == []


class BrokenStorage(FileSystemStorage):
    """A storage that is down (a full disk, an object store that refuses writes)."""

    def _save(self, name: str, content: Any) -> str:
        raise OSError("No space left on device")


def test_storage_failure_after_commit_removes_the_row_again(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.records.test_services.BrokenStorage"},
    }
    contact = _contact(world)
    with (
        pytest.raises(files.FileNotStored, match="could not be saved"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _add(world, contact, "letter.pdf", sample_files.pdf_bytes())
    assert not Attachment.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="records.attachment")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.DELETE]


def test_deleting_a_contact_deletes_its_files_after_the_commit(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = _contact(world)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = _add(world, contact, "letter.pdf", sample_files.pdf_bytes())
    assert _stored_files() == [attachment.stored_name]
    with django_capture_on_commit_callbacks(execute=True):
        contact.delete()
    assert _stored_files() == []


def test_cleanup_lists_and_deletes_files_without_rows_and_reports_rows_without_files(
    world: RecordsWorld, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    contact = _contact(world)
    with django_capture_on_commit_callbacks(execute=True):
        kept = _add(world, contact, "kept.pdf", sample_files.pdf_bytes())
        lost = _add(world, contact, "lost.pdf", sample_files.pdf_bytes(pages=2))
    storage = files.file_storage()
    storage.delete(files.storage_name(FOLDER, lost.stored_name))
    orphan = files.new_stored_name()
    storage.save(files.storage_name(FOLDER, orphan), ContentFile(b"left behind"))

    with pytest.raises(SystemExit) as exit_status:
        call_command("clean_orphan_files")
    out = capsys.readouterr().out
    assert exit_status.value.code == 1
    assert f"File with no record: {FOLDER}/{orphan} — would delete (dry run)" in out
    assert f"Record with no file: Contact attachments, stored name {lost.stored_name}" in out
    assert kept.stored_name not in out
    assert sorted(_stored_files()) == sorted([kept.stored_name, orphan])  # dry run: untouched

    with pytest.raises(SystemExit):
        call_command("clean_orphan_files", "--delete")
    assert _stored_files() == [kept.stored_name]
    assert Attachment.objects.count() == 2  # rows are reported, never changed


def test_only_the_recording_organisation_adds_files(world: RecordsWorld) -> None:
    contact = _contact(world)
    with pytest.raises(NotAllowed):
        services.add_attachment(
            actor=world.social_worker, contact=contact, name="a.pdf", data=sample_files.pdf_bytes()
        )


def test_docx_is_accepted(world: RecordsWorld) -> None:
    attachment = services.add_attachment(
        actor=world.worker,
        contact=_contact(world),
        name="Plan.docx",
        data=sample_files.docx_bytes(),
    )
    assert attachment.file_type == "docx"


def test_missing_episode_return_must_follow_the_report(world: RecordsWorld) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.record_missing_episode(
            actor=world.worker,
            family=world.family,
            young_person=world.young_person,
            reported_missing_at=now - dt.timedelta(hours=1),
            returned_at=now - dt.timedelta(hours=2),
            reported_by="Mum",
            risk_level="high",
        )


def test_missing_episode_then_return_then_interview(world: RecordsWorld) -> None:
    now = timezone.now()
    episode = services.record_missing_episode(
        actor=world.worker,
        family=world.family,
        young_person=world.young_person,
        reported_missing_at=now - dt.timedelta(hours=10),
        reported_by="Precious (mum)",
        risk_level="high",
    )
    assert episode.recorded_by_organisation == world.charity
    with pytest.raises(ValidationError):
        services.record_return_interview(
            actor=world.worker, episode=episode, offered_at=now, content={}
        )
    episode = services.record_return(
        actor=world.worker,
        episode=episode,
        expected_version=1,
        returned_at=now - dt.timedelta(hours=6),
        where_found="Station",
        found_by="parent_or_carer",
    )
    assert episode.returned_at is not None
    assert episode.interview_due_at == episode.returned_at + dt.timedelta(hours=72)
    with pytest.raises(EditConflict):
        services.record_return(
            actor=world.worker, episode=episode, expected_version=1, returned_at=now
        )
    with pytest.raises(ValidationError):
        services.record_return_interview(
            actor=world.worker, episode=episode, offered_at=now, done_at=now, declined=True
        )
    interview = services.record_return_interview(
        actor=world.worker,
        episode=episode,
        offered_at=now - dt.timedelta(hours=5),
        done_at=now - dt.timedelta(hours=1),
        done_by="Sam",
        content={
            "pull_factors": "Told he owed money<script>x</script>",
            "what_would_help": "Uncle",
        },
    )
    assert interview.pull_factors == "Told he owed money"
    again = services.record_return_interview(
        actor=world.worker, episode=episode, offered_at=None, content={"harm": "None seen"}
    )
    assert again.pk == interview.pk
    assert again.harm == "None seen"


def test_chronology_entry_is_added_with_its_tag(world: RecordsWorld) -> None:
    entry = services.add_chronology_entry(
        actor=world.worker,
        family=world.family,
        occurred_on=timezone.localdate(),
        title="Jayden scored in the cup final",
        tag=Tag.STRENGTH,
        young_people=[world.young_person],
        details="<p>His uncle was there.</p>",
    )
    assert entry.tag == "strength"
    assert "uncle" in entry.search_text
    assert entry.recorded_by_organisation == world.charity
