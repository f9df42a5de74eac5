"""Submitting entries, the chain they form, what a bad entry leaves behind (nothing), the worker's
review and the stages partnership intelligence moves an entry through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from relsafe.core.crypto import decrypt_bytes
from relsafe.evidence import chain, photos, services
from relsafe.evidence.models import EntryHandling, EntryIsFinal, EvidenceEntry
from tests import sample_files
from tests.evidence.factories import gps_of, jpeg_with_gps, make_entry
from tests.factories import CaseScene

pytestmark = pytest.mark.django_db


def run_in_savepoint(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / photos.FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_parent_adds_an_entry_with_a_car_a_nickname_and_a_number(scene: CaseScene) -> None:
    entry = make_entry(
        actor=scene.parent,
        family=scene.family,
        people=[services.PersonSeen(nickname="Ghost", approximate_age="about 25")],
        vehicles=[services.VehicleSeen(plate="lm19 xkd", colour="Grey", make="Audi A3")],
        phones=["07700 900 461"],
        handles=["Snapchat: ghost_77"],
        place="Outside the house",
        postcode="nb1 4qt",
    )
    assert entry.sequence == 1
    assert entry.prev_hash == chain.GENESIS_HASH
    assert not entry.by_worker
    vehicle = entry.vehicles.get()
    assert (vehicle.plate, vehicle.plate_as_typed) == ("LM19XKD", "lm19 xkd")
    phone = entry.phones.get()
    assert (phone.number, phone.number_as_typed) == ("+447700900461", "07700 900 461")
    assert entry.people.get().nickname == "Ghost"
    assert entry.postcode == "NB1 4QT"
    assert entry.handling.stage == EntryHandling.Stage.RECEIVED
    submitted = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(entry.pk))
    assert submitted.object_type == "evidence.evidenceentry"
    assert submitted.detail["entry_hash"] == entry.entry_hash
    assert submitted.family_id == scene.family.pk


def test_entries_chain_and_a_worker_entry_says_it_was_on_the_familys_behalf(
    scene: CaseScene,
) -> None:
    first = make_entry(actor=scene.parent, family=scene.family)
    second = make_entry(actor=scene.worker, family=scene.family, source_note="Precious, by phone")
    assert second.sequence == 2
    assert second.prev_hash == first.entry_hash
    assert second.by_worker
    assert second.source_note == "Precious, by phone"
    assert chain.compute_hash(second) == second.entry_hash
    assert chain.verify_all().ok


def test_the_hash_covers_content_time_author_and_previous_hash(scene: CaseScene) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    original = chain.compute_hash(entry)
    for change in (
        {"what_happened": entry.what_happened + "."},
        {"recorded_at": entry.recorded_at + dt.timedelta(microseconds=1)},
        {"recorded_by_id": scene.worker.pk},
        {"prev_hash": "1" * 64},
    ):
        copy = EvidenceEntry.objects.get(pk=entry.pk)
        for name, value in change.items():
            setattr(copy, name, value)
        assert chain.compute_hash(copy) != original, change


def test_a_correction_is_a_new_entry_pointing_at_the_old_one(scene: CaseScene) -> None:
    wrong = make_entry(actor=scene.parent, family=scene.family, what="The car was blue.")
    right = make_entry(
        actor=scene.parent, family=scene.family, what="The car was grey.", corrects=wrong
    )
    assert right.corrects == wrong
    assert list(wrong.corrections.all()) == [right]
    assert EvidenceEntry.objects.get(pk=wrong.pk).what_happened == "The car was blue."
    assert chain.content_of(right)["corrects"] == wrong.entry_hash


def test_a_correction_must_be_in_the_same_log(scene: CaseScene, other_parent: Any) -> None:
    from relsafe.cases.models import Carer

    theirs = make_entry(
        actor=other_parent, family=Carer.objects.get(portal_user=other_parent).family
    )
    with pytest.raises(ValidationError):
        make_entry(actor=scene.parent, family=scene.family, corrects=theirs)
    assert not scene.family.evidence_entries.exists()


def test_a_submitted_entry_never_changes(scene: CaseScene) -> None:
    entry = make_entry(
        actor=scene.parent, family=scene.family, vehicles=[services.VehicleSeen(plate="AB12")]
    )
    entry.what_happened = "Something else"
    with pytest.raises(EntryIsFinal):
        entry.save()
    vehicle = entry.vehicles.get()
    vehicle.colour = "Red"
    with pytest.raises(EntryIsFinal):
        vehicle.save()
    for statement in (
        "UPDATE evidence_evidenceentry SET what_happened = %s",
        "UPDATE evidence_entryvehicle SET colour = %s",
    ):
        with pytest.raises(DatabaseError):
            run_in_savepoint(statement, ["changed"])
    assert EvidenceEntry.objects.get(pk=entry.pk).what_happened != "Something else"


def test_a_photo_is_kept_without_its_location(scene: CaseScene) -> None:
    original = jpeg_with_gps()
    assert gps_of(original)
    entry = make_entry(actor=scene.parent, family=scene.family, photos=[("note.jpg", original)])
    photo = entry.photos.get()
    (stored,) = stored_files()
    assert stored.name == photo.stored_name
    on_disk = stored.read_bytes()
    kept = decrypt_bytes(on_disk)  # encrypted at rest (core.crypto)
    assert not on_disk.startswith(b"\xff\xd8")
    assert kept[:64] not in on_disk
    assert b"JFIF" not in on_disk
    assert gps_of(kept) == {}
    assert b"PhoneMaker" not in kept
    assert photo.file_type == "jpeg"
    assert photo.size == len(kept)
    assert chain.content_of(entry)["photos"][0]["sha256"] == photo.sha256


FUTURE = timezone.localdate() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_on": FUTURE}, "occurred_on"),
        ({"what_happened": "<script>alert(1)</script>"}, "what_happened"),
        ({"what_happened": "x" * 20_001}, "what_happened"),
        ({"what_happened": "   "}, "what_happened"),
        ({"place": "<img src=x onerror=alert(1)>"}, "place"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"phones": ["12"]}, "phones"),
        ({"vehicles": [services.VehicleSeen(plate="<b>AB</b>")]}, "vehicles"),
        ({"vehicles": [services.VehicleSeen(colour="javascript:alert(1)")]}, "vehicles"),
        ({"people": [services.PersonSeen(name="<svg onload=x>")]}, "people"),
        ({"people": [services.PersonSeen(description="d" * 2_001)]}, "people"),
        ({"handles": ["<a href=x>me</a>"]}, "handles"),
        (
            {"photo_uploads": [services.PhotoUpload("car.jpg", sample_files.pdf_bytes())]},
            "photos",
        ),
        (
            {"photo_uploads": [services.PhotoUpload("car.png", jpeg_with_gps())]},
            "photos",
        ),
        (
            {
                "photo_uploads": [
                    services.PhotoUpload("big.jpg", b"\xff\xd8\xff" + b"0" * 9_000_000)
                ]
            },
            "photos",
        ),
    ],
)
def test_a_bad_entry_is_refused_and_leaves_nothing_behind(
    scene: CaseScene, changes: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "occurred_on": timezone.localdate(),
        "what_happened": "A grey car outside.",
        "photo_uploads": [services.PhotoUpload("ok.jpg", jpeg_with_gps())],
        **changes,
    }
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.submit_entry(actor=scene.parent, family=scene.family, **values)
    assert field in refused.value.message_dict
    assert not EvidenceEntry.objects.exists()
    assert AuditEvent.objects.count() == before
    assert stored_files() == []


def test_a_time_later_today_is_refused(scene: CaseScene) -> None:
    now = timezone.localtime()
    if now.time() > dt.time(23, 58):
        pytest.skip("no later time today to try")
    later = (now + dt.timedelta(minutes=1)).time()
    with pytest.raises(ValidationError) as refused:
        services.submit_entry(
            actor=scene.parent,
            family=scene.family,
            occurred_on=now.date(),
            occurred_time=later,
            what_happened="x",
        )
    assert "occurred_time" in refused.value.message_dict


def test_a_worker_reviews_and_the_family_sees_the_stage_change(scene: CaseScene) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    handling = services.review_entry(
        actor=scene.worker,
        entry=entry,
        expected_version=1,
        notes="Same car the school saw.",
        significant=True,
        withheld_from_agencies=False,
    )
    assert handling.stage == EntryHandling.Stage.REVIEWED
    assert handling.reviewed_by == scene.worker
    assert handling.significant
    with pytest.raises(EditConflict):
        services.review_entry(
            actor=scene.manager,
            entry=EvidenceEntry.objects.get(pk=entry.pk),
            expected_version=1,
            notes="",
            significant=False,
            withheld_from_agencies=False,
        )
    again = services.review_entry(
        actor=scene.manager,
        entry=EvidenceEntry.objects.get(pk=entry.pk),
        expected_version=handling.version,
        notes="Keep with us.",
        significant=True,
        withheld_from_agencies=True,
        withheld_reason="Mum asked.",
    )
    assert again.stage == EntryHandling.Stage.KEPT
    assert again.reviewed_by == scene.worker  # the first review stays
    assert chain.verify_all().ok  # the entry itself did not change


def test_passed_to_police_then_acknowledged(scene: CaseScene) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    with pytest.raises(ValidationError):  # not reviewed yet
        services.mark_passed_to_police(
            actor=scene.worker, entries=[entry], submission_reference="PI-1"
        )
    services.review_entry(
        actor=scene.worker,
        entry=entry,
        expected_version=1,
        notes="",
        significant=False,
        withheld_from_agencies=False,
    )
    moved = services.mark_passed_to_police(
        actor=scene.worker, entries=[entry], submission_reference="PI-1"
    )
    handling = EntryHandling.objects.get(entry=entry)
    assert moved == 1
    assert handling.stage == EntryHandling.Stage.PASSED
    assert AuditEvent.objects.filter(action=AuditAction.SHARE, object_id=str(entry.pk)).exists()
    with pytest.raises(ValidationError):
        services.mark_police_acknowledged(
            actor=scene.police, entries=[entry], submission_reference="PI-2"
        )
    assert (
        services.mark_police_acknowledged(
            actor=scene.police, entries=[entry], submission_reference="PI-1"
        )
        == 1
    )
    handling.refresh_from_db()
    assert handling.stage == EntryHandling.Stage.ACKNOWLEDGED


def test_an_entry_not_for_other_agencies_is_never_passed_to_police(scene: CaseScene) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    services.review_entry(
        actor=scene.worker,
        entry=entry,
        expected_version=1,
        notes="",
        significant=False,
        withheld_from_agencies=True,
    )
    with pytest.raises(ValidationError):
        services.mark_passed_to_police(
            actor=scene.worker, entries=[entry], submission_reference="PI-1"
        )
    assert EntryHandling.objects.get(entry=entry).passed_to_police_at is None


def test_two_families_have_separate_chains(scene: CaseScene, other_parent: Any) -> None:
    from relsafe.cases.models import Carer

    make_entry(actor=scene.parent, family=scene.family)
    theirs = make_entry(
        actor=other_parent, family=Carer.objects.get(portal_user=other_parent).family
    )
    assert theirs.sequence == 1
    assert theirs.prev_hash == chain.GENESIS_HASH
    assert chain.verify_all().ok
