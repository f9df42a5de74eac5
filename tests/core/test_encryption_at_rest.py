"""What leaves relsafe if its database or file storage is copied (issue 14 item 5): for each
protected field, the raw column holds a token and never the words; photos on disk are tokens; key
rotation re-encrypts everything, passes the evidence log's written-once triggers only through its
permit, leaves every chain verified and is audited. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from relsafe.audit.models import AuditEvent
from relsafe.cases import services as case_services
from relsafe.core import crypto
from relsafe.core.key_rotation import encrypted_models
from relsafe.evidence import chain, photos
from relsafe.evidence import services as evidence_services
from relsafe.evidence.models import EntryPhoto, EvidenceEntry, KeyRotationPermit
from relsafe.intelligence import services as intelligence_services
from tests.evidence.factories import jpeg_with_gps, make_entry
from tests.factories import case_scene
from tests.intelligence.factories import details

pytestmark = pytest.mark.django_db

WHAT = "Ghost waited outside school in the grey Audi again"
PLACE = "Chicken Shack takeaway, Northbridge"
SOURCE_NOTE = "Her aunt rang me on Tuesday"
PERSON = ("Dwayne Example", "Ghost", "Tall, red jacket, gold chain")
SOURCE = "Precious Mensah, the child's mother"
SOURCE_REASON = "Precious asked to be named so she can give a statement"
SAFE_EMAIL = "precious.safe@example.org"
SAFE_PHONE = "07700 900123"
MAY_SAY = "Say you are calling from the school; never mention the police"
SAFE_REASON = "Her partner reads her texts on the shared phone"

EXPECTED_ENCRYPTED = {
    "cases.SafeContactDecision": {"email", "phone", "what_may_be_said", "reason"},
    "evidence.EntryPerson": {"name", "nickname", "description"},
    "evidence.EvidenceEntry": {"what_happened", "place", "source_note"},
    "intelligence.Submission": {"source_name", "disclose_source_reason", "police_copy"},
}


@pytest.fixture
def world(settings: Any) -> dict[str, Any]:
    scene = case_scene()
    from tests.factories import CarerFactory, OrganisationFactory

    carer: Any = CarerFactory(family=scene.family, full_name="Precious Mensah")
    decision = case_services.record_safe_contact(
        actor=scene.worker,
        person=carer,
        notify_by="text",
        email=SAFE_EMAIL,
        phone=SAFE_PHONE,
        may_phone=True,
        what_may_be_said=MAY_SAY,
        reason=SAFE_REASON,
    )
    entry = make_entry(
        actor=scene.worker,
        family=scene.family,
        what=WHAT,
        place=PLACE,
        source_note=SOURCE_NOTE,
        people=[
            evidence_services.PersonSeen(name=PERSON[0], nickname=PERSON[1], description=PERSON[2])
        ],
        photos=[("car.jpg", jpeg_with_gps())],
    )
    make_entry(actor=scene.worker, family=scene.family, what="A second entry", source_note="Me")
    force: Any = OrganisationFactory(kind="police")
    from tests.factories import OrganisationShareFactory

    OrganisationShareFactory(family=scene.family, organisation=force, decided_by=scene.worker)
    submission = intelligence_services.create_submission(
        actor=scene.worker,
        family=scene.family,
        details=details(
            force,
            young_people=[scene.young_person],
            source_name=SOURCE,
            disclose_source=True,
            disclose_source_reason=SOURCE_REASON,
        ),
    )
    sent = intelligence_services.send_submission(
        actor=scene.worker, submission=submission, expected_version=1
    )
    return {"decision": decision, "entry": entry, "submission": sent, "scene": scene}


def raw_row(table: str, pk: int, columns: list[str]) -> dict[str, Any]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        row = cursor.fetchone()
    return dict(zip(columns, row, strict=True))


def test_the_protected_fields_are_the_encrypted_ones() -> None:
    found = {model._meta.label: {f.name for f in fields} for model, fields in encrypted_models()}
    assert found == EXPECTED_ENCRYPTED


def test_no_protected_column_holds_its_words(world: dict[str, Any]) -> None:
    decision, entry, submission = world["decision"], world["entry"], world["submission"]
    person = entry.people.get()
    expected = [
        ("cases_safecontactdecision", decision.pk, "email", SAFE_EMAIL),
        ("cases_safecontactdecision", decision.pk, "phone", "+447700900123"),
        ("cases_safecontactdecision", decision.pk, "what_may_be_said", MAY_SAY),
        ("cases_safecontactdecision", decision.pk, "reason", SAFE_REASON),
        ("evidence_evidenceentry", entry.pk, "what_happened", WHAT),
        ("evidence_evidenceentry", entry.pk, "place", PLACE),
        ("evidence_evidenceentry", entry.pk, "source_note", SOURCE_NOTE),
        ("evidence_entryperson", person.pk, "name", PERSON[0]),
        ("evidence_entryperson", person.pk, "nickname", PERSON[1]),
        ("evidence_entryperson", person.pk, "description", PERSON[2]),
        ("intelligence_submission", submission.pk, "source_name", SOURCE),
        ("intelligence_submission", submission.pk, "disclose_source_reason", SOURCE_REASON),
    ]
    for table, pk, column, words in expected:
        stored = raw_row(table, pk, [column])[column]
        assert stored.startswith(crypto.TOKEN_PREFIX), (table, column)
        assert words not in stored, (table, column)
        assert words.split()[0] not in stored, (table, column)
        assert crypto.decrypt_text(stored) == words, (table, column)
    # The frozen police copy names the source (the worker decided the force may know): a token too.
    copy = raw_row("intelligence_submission", submission.pk, ["police_copy"])["police_copy"]
    assert copy.startswith(crypto.TOKEN_PREFIX)
    assert SOURCE not in copy
    assert SOURCE in str(crypto.decrypt_text(copy))
    # ...and the application reads them back as they were written.
    decision.refresh_from_db()
    submission.refresh_from_db()
    assert (decision.email, decision.what_may_be_said) == (SAFE_EMAIL, MAY_SAY)
    assert (submission.source_name, submission.disclose_source_reason) == (SOURCE, SOURCE_REASON)
    assert submission.police_copy["source_identity"] == SOURCE
    fresh = EvidenceEntry.objects.get(pk=entry.pk)
    assert (fresh.what_happened, fresh.place, fresh.source_note) == (WHAT, PLACE, SOURCE_NOTE)
    assert fresh.people.get().nickname == "Ghost"


def test_a_photo_on_disk_is_a_token(world: dict[str, Any], settings: Any) -> None:
    photo = EntryPhoto.objects.get(entry=world["entry"])
    on_disk = (settings.MEDIA_ROOT / photos.FOLDER / photo.stored_name).read_bytes()
    plain = crypto.decrypt_bytes(on_disk)
    assert plain.startswith(b"\xff\xd8")
    assert not on_disk.startswith(b"\xff\xd8")
    assert plain[:32] not in on_disk
    assert plain[-32:] not in on_disk
    assert photo.sha256 == hashlib.sha256(plain).hexdigest()  # the hash is of the photo itself


def _two_keys(settings: Any) -> str:
    new = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new, crypto.development_key()]
    return new


def test_rotation_re_encrypts_everything_and_the_old_key_can_go(
    world: dict[str, Any], settings: Any, capsys: Any
) -> None:
    entry, photo = world["entry"], EntryPhoto.objects.get(entry=world["entry"])
    before = raw_row("evidence_evidenceentry", entry.pk, ["what_happened", "entry_hash"])
    photo_path = settings.MEDIA_ROOT / photos.FOLDER / photo.stored_name
    photo_before = photo_path.read_bytes()
    new = _two_keys(settings)

    call_command("rotate_encryption_keys", "--dry-run")
    out = capsys.readouterr().out
    assert "evidence.EvidenceEntry: 2 row(s) checked, 2 to re-encrypt (dry run)" in out
    assert "Evidence log photos: 1 file(s) checked, 1 to re-encrypt (dry run)" in out
    assert raw_row("evidence_evidenceentry", entry.pk, ["what_happened"]) == {
        "what_happened": before["what_happened"]
    }

    call_command("rotate_encryption_keys", "--batch-size", "1")
    out = capsys.readouterr().out
    assert "cases.SafeContactDecision: 1 row(s) checked, 1 re-encrypted" in out
    assert "intelligence.Submission: 1 row(s) checked, 1 re-encrypted" in out
    assert "Evidence log photos: 1 file(s) checked, 1 re-encrypted" in out
    after = raw_row("evidence_evidenceentry", entry.pk, ["what_happened", "entry_hash"])
    assert after["what_happened"] != before["what_happened"]
    assert after["entry_hash"] == before["entry_hash"]
    assert photo_path.read_bytes() != photo_before
    assert not KeyRotationPermit.objects.exists()

    # Only the new key now: everything still reads, the chains still verify, nothing is left.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert EvidenceEntry.objects.get(pk=entry.pk).what_happened == WHAT
    assert crypto.decrypt_bytes(photo_path.read_bytes()).startswith(b"\xff\xd8")
    assert chain.verify_all().ok
    call_command("verify_evidence")
    call_command("rotate_encryption_keys")
    out = capsys.readouterr().out
    assert "Done: 0 row(s) and file(s) re-encrypted." in out
    assert "older keys can be removed" in out

    audits = AuditEvent.objects.filter(object_type="core.encryption_keys").order_by("pk")
    assert [a.detail["dry_run"] for a in audits] == [True, False, False]
    assert audits[1].detail["tables"]["evidence.EvidenceEntry"] == [2, 2]
    assert WHAT not in str(audits[1].detail)


def test_the_written_once_triggers_still_refuse_an_update_without_the_permit(
    world: dict[str, Any],
) -> None:
    token = crypto.encrypt_text("Nothing happened")
    for table, column in (
        ("evidence_evidenceentry", "what_happened"),
        ("evidence_entryperson", "name"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = %s", [token])  # noqa: S608
    assert EvidenceEntry.objects.get(pk=world["entry"].pk).what_happened == WHAT


def test_a_rotation_that_would_change_what_an_entry_says_rolls_back(
    world: dict[str, Any], settings: Any, monkeypatch: Any
) -> None:
    """The guard checks every hash before the batch commits: a rotation that wrote other words
    (here, a bug that swaps in another text) changes nothing."""
    _two_keys(settings)
    monkeypatch.setattr(crypto, "rotate_token", lambda token: crypto.encrypt_text("Other words"))
    from relsafe.evidence.rotation import RotationChangedContent

    before = raw_row("evidence_evidenceentry", world["entry"].pk, ["what_happened"])
    with pytest.raises(RotationChangedContent):
        call_command("rotate_encryption_keys")
    assert raw_row("evidence_evidenceentry", world["entry"].pk, ["what_happened"]) == before
    assert not KeyRotationPermit.objects.exists()
    assert chain.verify_all().ok


def test_a_token_no_key_opens_stops_rotation_with_a_clear_message(
    world: dict[str, Any], settings: Any
) -> None:
    from django.core.management.base import CommandError

    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    with pytest.raises(CommandError, match="Put the key that made it back"):
        call_command("rotate_encryption_keys")
