"""Every change to the evidence log: submitting an entry (or a correction), a worker's review,
"not to be shown to other agencies", and — for partnership intelligence — passing entries to
police and the police's acknowledgement.

Entries are written once. ``submit_entry`` checks everything first (a refusal leaves nothing
behind), then appends the entry to its family's chain under a lock, with its audit entry (which
records the entry's hash) in the same transaction. Photos reach the file storage only after the
commit (``core.files``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action, atomic_action, require
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.core import files
from relsafe.core.concurrency import update_if_unchanged
from relsafe.core.contact_details import normalise_phone, normalise_uk_postcode
from relsafe.core.text_limits import check_text_limits
from relsafe.evidence import chain, photos
from relsafe.evidence.models import (
    EntryHandle,
    EntryHandling,
    EntryPerson,
    EntryPhone,
    EntryPhoto,
    EntryVehicle,
    EvidenceEntry,
)
from relsafe.evidence.validation import (
    MAX_PHOTOS,
    check_not_future,
    check_photo,
    check_text,
    normalise_plate,
)

logger = logging.getLogger(__name__)


def writes_as_worker(user: Any) -> bool:
    """Whether this person writes in a family's log as a worker (on the family's behalf) rather
    than as one of the family. Asked of the policy (workers review entries; families do not)."""
    return policy.can(user, Action.REVIEW_EVIDENCE)


@dataclass(frozen=True)
class PersonSeen:
    name: str = ""
    nickname: str = ""
    description: str = ""
    approximate_age: str = ""

    def is_empty(self) -> bool:
        return not any((self.name, self.nickname, self.description, self.approximate_age))


@dataclass(frozen=True)
class VehicleSeen:
    plate: str = ""
    colour: str = ""
    make: str = ""

    def is_empty(self) -> bool:
        return not any((self.plate, self.colour, self.make))


@dataclass(frozen=True)
class PhotoUpload:
    name: str
    data: bytes


_PERSON_TEXT = (
    ("name", "Name"),
    ("nickname", "Nickname"),
    ("description", "What they look like"),
    ("approximate_age", "Roughly how old"),
)
_VEHICLE_TEXT = (("colour", "Colour"), ("make", "Make and model"))
_R = TypeVar("_R", bound=models.Model)


class _Checks:
    """Every check on what was typed, each failure collected by field, and the unsaved rows
    built on the way; nothing is saved unless ``errors`` stays empty."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def fail(self, key: str, error: ValidationError) -> None:
        self.errors.setdefault(key, []).extend(error.messages)

    def text(self, key: str, value: str, label: str) -> str:
        try:
            return check_text(value, label)
        except ValidationError as error:
            self.fail(key, error)
            return ""

    def when(self, day: dt.date, time: dt.time | None) -> None:
        try:
            check_not_future(day, time)
        except ValidationError as error:
            self.fail("occurred_time" if error.code == "future_time" else "occurred_on", error)

    def postcode(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return normalise_uk_postcode(value)
        except ValidationError as error:
            self.fail("postcode", error)
            return ""

    def people(self, people: Sequence[PersonSeen]) -> list[EntryPerson]:
        rows = []
        for index, person in enumerate(p for p in people if not p.is_empty()):
            values = {n: self.text("people", getattr(person, n), lbl) for n, lbl in _PERSON_TEXT}
            rows.append(self.limited("people", EntryPerson(position=index, **values)))
        return rows

    def vehicles(self, vehicles: Sequence[VehicleSeen]) -> list[EntryVehicle]:
        rows = []
        for index, vehicle in enumerate(v for v in vehicles if not v.is_empty()):
            try:
                plate = normalise_plate(vehicle.plate)
            except ValidationError as error:
                self.fail("vehicles", error)
                plate = ""
            values = {
                n: self.text("vehicles", getattr(vehicle, n), lbl) for n, lbl in _VEHICLE_TEXT
            }
            row = EntryVehicle(
                position=index, plate=plate, plate_as_typed=vehicle.plate.strip(), **values
            )
            rows.append(self.limited("vehicles", row))
        return rows

    def phones(self, numbers: Sequence[str]) -> list[EntryPhone]:
        rows = []
        for index, number in enumerate(n for n in numbers if n.strip()):
            try:
                e164 = normalise_phone(number)
            except ValidationError as error:
                self.fail("phones", error)
                continue
            row = EntryPhone(position=index, number=e164, number_as_typed=number.strip())
            rows.append(self.limited("phones", row))
        return rows

    def handles(self, handles: Sequence[str]) -> list[EntryHandle]:
        return [
            self.limited(
                "handles",
                EntryHandle(position=index, handle=self.text("handles", h, "Social media names")),
            )
            for index, h in enumerate(h for h in handles if h.strip())
        ]

    def photos(self, uploads: Sequence[PhotoUpload]) -> list[files.CheckedFile]:
        if len(uploads) > MAX_PHOTOS:
            self.errors.setdefault("photos", []).append(f"Choose {MAX_PHOTOS} photos or fewer")
        checked = []
        for upload in uploads[:MAX_PHOTOS]:
            try:
                checked.append(check_photo(name=upload.name, data=upload.data))
            except ValidationError as error:
                self.fail("photos", error)
        return checked

    def limited(self, key: str, row: _R) -> _R:
        """The row's text within its model's limits (``core.text_limits``), else an error."""
        try:
            check_text_limits(type(row), vars(row))
        except ValidationError as error:
            if hasattr(error, "error_dict") and key == "__all__":
                for name, messages in error.message_dict.items():
                    self.errors.setdefault(name, []).extend(messages)
            else:
                self.fail(key, error)
        return row


@atomic_action
def submit_entry(
    *,
    actor: Any,
    family: Family,
    occurred_on: dt.date,
    what_happened: str,
    occurred_time: dt.time | None = None,
    place: str = "",
    postcode: str = "",
    people: Sequence[PersonSeen] = (),
    vehicles: Sequence[VehicleSeen] = (),
    phones: Sequence[str] = (),
    handles: Sequence[str] = (),
    photo_uploads: Sequence[PhotoUpload] = (),
    source_note: str = "",
    corrects: EvidenceEntry | None = None,
    request: HttpRequest | None = None,
) -> EvidenceEntry:
    """Add one entry to the family's log, by the actor (a parent of the family, or a worker on
    the family's behalf, which the entry says). Raises ValidationError, with nothing saved, for
    anything that cannot be kept: a date in the future, markup, text over its limit, a phone
    number or postcode that is not one, a photo that is not a JPEG or PNG or is too large."""
    require(actor, Action.RECORD_EVIDENCE, family=family, request=request)
    checks = _Checks()
    words = checks.text("what_happened", what_happened, "What you saw or heard")
    if not words and "what_happened" not in checks.errors:
        checks.errors["what_happened"] = ["Enter what you saw or heard"]
    checks.when(occurred_on, occurred_time)
    parts = chain.Parts(
        people=checks.people(people),
        vehicles=checks.vehicles(vehicles),
        phones=checks.phones(phones),
        handles=checks.handles(handles),
        photos=[],
    )
    checked = checks.photos(photo_uploads)
    if corrects is not None and corrects.family_id != family.pk:
        checks.errors.setdefault("__all__", []).append("You can only correct an entry in this log")
    entry = checks.limited(
        "__all__",
        EvidenceEntry(
            family=family,
            occurred_on=occurred_on,
            occurred_time=occurred_time,
            what_happened=words,
            place=checks.text("place", place, "Where it happened"),
            postcode=checks.postcode(postcode),
            source_note=checks.text("source_note", source_note, "Who told you, and how"),
            corrects=corrects,
            recorded_by=actor,
            by_worker=writes_as_worker(actor),
            author_name=actor.full_name or actor.email,
            recorded_at=timezone.now(),
        ),
    )
    if checks.errors:
        raise ValidationError(checks.errors)
    parts.photos = [
        EntryPhoto(
            position=index,
            file_type=photo.file_type,
            size=photo.size,
            stored_name=files.new_stored_name(),
            sha256=photo.sha256,
        )
        for index, photo in enumerate(checked)
    ]
    _append(entry, parts)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=entry,
        family_id=family.pk,
        reason="recorded on the family's behalf" if entry.by_worker else "",
        detail={
            "sequence": entry.sequence,
            "entry_hash": entry.entry_hash,
            "by_worker": entry.by_worker,
            "corrects": corrects.pk if corrects else None,
            "photos": len(parts.photos),
        },
    )
    for photo_row, photo in zip(parts.photos, checked, strict=True):
        _store_photo(photo_row, photo, actor=actor, request=request)
    return entry


def _append(entry: EvidenceEntry, parts: chain.Parts) -> None:
    """Take the next place in the family's chain and save the entry with what it names."""
    _lock_log(entry.family)
    last = EvidenceEntry.objects.filter(family=entry.family).order_by("-sequence").first()
    entry.sequence = last.sequence + 1 if last else 1
    entry.prev_hash = last.entry_hash if last else chain.GENESIS_HASH
    entry.entry_hash = chain.compute_hash(entry, parts)
    entry.save()
    named: list[Any] = [*parts.people, *parts.vehicles, *parts.phones, *parts.handles]
    for row in [*named, *parts.photos]:
        row.entry = entry
        row.save()
    EntryHandling.objects.create(entry=entry)


def _store_photo(
    row: EntryPhoto, photo: files.CheckedFile, *, actor: Any, request: HttpRequest | None
) -> None:
    files.save_after_commit(
        folder=photos.FOLDER,
        stored_name=row.stored_name,
        data=photo.data,
        encrypt=True,  # a parent's photo stays encrypted at rest (core.crypto)
        on_failure=lambda: _photo_not_stored(row, actor=actor, request=request),
    )


def _lock_log(family: Family) -> None:
    """One writer per family's log at a time, so two entries never take the same place in the
    chain (the unique constraint would refuse the second anyway). SQLite's IMMEDIATE
    transactions already serialise writers."""
    if connection.vendor == "postgresql":
        Family.objects.select_for_update().filter(pk=family.pk).first()


def _photo_not_stored(photo: EntryPhoto, *, actor: Any, request: HttpRequest | None) -> None:
    """The storage refused a photo after its entry committed. The entry stays as submitted (it
    cannot change, and its hash names the photo); the trail says the file is missing, and
    ``clean_orphan_files`` lists it."""
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        object_type="evidence.entryphoto",
        object_id=photo.pk,
        family_id=photo.entry.family_id,
        reason="the file storage failed, so the photo was not kept",
    )


@atomic_action
def review_entry(
    *,
    actor: Any,
    entry: EvidenceEntry,
    expected_version: int,
    notes: str,
    significant: bool,
    withheld_from_agencies: bool,
    withheld_reason: str = "",
    request: HttpRequest | None = None,
) -> EntryHandling:
    """A worker's review: notes (never shown to the family), whether it is significant (then it
    appears in the chronology), and whether it must not be shown to other agencies (then it is
    "kept on your family's record" and never passed to police). Can be done again to change
    any of these; the first review's time stays."""
    require(actor, Action.REVIEW_EVIDENCE, family=entry.family, request=request)
    handling = entry.handling
    now = timezone.now()
    fresh = update_if_unchanged(
        EntryHandling.objects.filter(pk=handling.pk),
        expected_version,
        review_notes=(notes or "").strip(),
        significant=significant,
        withheld_from_agencies=withheld_from_agencies,
        withheld_reason=(withheld_reason or "").strip() if withheld_from_agencies else "",
        reviewed_at=handling.reviewed_at or now,
        reviewed_by=handling.reviewed_by or actor,
        updated_at=now,
        updated_by=actor,
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        family_id=entry.family_id,
        reason="evidence log entry reviewed",
        detail={
            "entry": entry.pk,
            "significant": significant,
            "withheld_from_agencies": withheld_from_agencies,
            "first_review": handling.reviewed_at is None,
        },
    )
    return fresh


@atomic_action
def mark_passed_to_police(
    *,
    actor: Any,
    entries: Iterable[EvidenceEntry],
    submission_reference: str,
    request: HttpRequest | None = None,
) -> int:
    """Partnership intelligence passed these reviewed entries to police under one submission.

    Only reviewed entries that are not marked "not to be shown to other agencies" may go; an
    entry already passed keeps its first submission. Returns how many entries moved on. The
    family sees "passed to police" and nothing about the submission."""
    reference = (submission_reference or "").strip()
    if not reference:
        raise ValidationError("Give the submission's reference")
    moved = 0
    now = timezone.now()
    for entry in entries:
        require(actor, Action.SHARE_EVIDENCE_WITH_POLICE, family=entry.family, request=request)
        handling = EntryHandling.objects.select_for_update().get(entry=entry)
        if handling.reviewed_at is None:
            raise ValidationError(f"Entry {entry.sequence} has not been reviewed yet")
        if handling.withheld_from_agencies:
            raise ValidationError(
                f"Entry {entry.sequence} is marked not to be shown to other agencies"
            )
        if handling.passed_to_police_at is not None:
            continue
        EntryHandling.objects.filter(pk=handling.pk).update(
            passed_to_police_at=now,
            passed_by=actor,
            submission_reference=reference,
            updated_at=now,
            updated_by=actor,
            version=handling.version + 1,
        )
        record(
            action=AuditAction.SHARE,
            actor=actor,
            request=request,
            obj=entry,
            family_id=entry.family_id,
            reason="evidence log entry passed to police",
            detail={"submission_reference": reference, "sequence": entry.sequence},
        )
        moved += 1
    return moved


@atomic_action
def mark_police_acknowledged(
    *,
    actor: Any,
    entries: Iterable[EvidenceEntry],
    submission_reference: str,
    request: HttpRequest | None = None,
) -> int:
    """Police acknowledged the submission these entries went in. The reference must be the one
    each entry was passed under (it is what police hold; they are never given the family).
    Returns how many entries moved on."""
    require(actor, Action.ACKNOWLEDGE_EVIDENCE, request=request)
    reference = (submission_reference or "").strip()
    moved = 0
    now = timezone.now()
    for entry in entries:
        handling = EntryHandling.objects.select_for_update().get(entry=entry)
        if not reference or handling.submission_reference != reference:
            raise ValidationError(
                "That submission reference does not match what was passed to police"
            )
        if handling.police_acknowledged_at is not None:
            continue
        EntryHandling.objects.filter(pk=handling.pk).update(
            police_acknowledged_at=now,
            updated_at=now,
            updated_by=actor,
            version=handling.version + 1,
        )
        record(
            action=AuditAction.UPDATE,
            actor=actor,
            request=request,
            obj=handling,
            family_id=entry.family_id,
            reason="police acknowledged an evidence log submission",
            detail={"submission_reference": reference, "entry": entry.pk},
        )
        moved += 1
    return moved


@atomic_action
def record_export(
    *,
    actor: Any,
    family: Family,
    export_format: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    entries: int,
    chain_head: str,
    statement_confirmed: bool,
    request: HttpRequest | None = None,
) -> None:
    """The export itself, in the audit trail: who, which range, which chain head, and that the
    statement of truth was confirmed."""
    require(actor, Action.EXPORT_EVIDENCE, family=family, request=request)
    if not statement_confirmed:
        raise ValidationError({"confirm": "Confirm the statement of truth to export the log"})
    record(
        action=AuditAction.EXPORT,
        actor=actor,
        request=request,
        obj=family,
        reason="evidence log export",
        detail={
            "format": export_format,
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
            "entries": entries,
            "chain_head": chain_head,
        },
    )
