"""The hash chain of each family's evidence log, and checking it.

An entry's hash is SHA-256 over one canonical JSON document (sorted keys, no spaces, UTF-8):
its content as submitted (dates, words, place, people, vehicles, phone numbers, handles, each
photo's SHA-256, the hash of the entry it corrects), its sequence in the family's log, when it
was recorded, who recorded it (and whether a worker did so on the family's behalf) and the
previous entry's hash. Entry 1's previous hash is 64 zeros. So changing, removing or reordering
any entry breaks the chain from that point.

Anyone with write access to the database could recompute every hash after an edit, so
:func:`verify_all` also compares each entry with the hash the audit trail recorded when it was
submitted (the audit trail is append-only and chained itself): a recomputed chain, or a tail cut
off the log, is found that way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.crypto import CannotDecrypt
from relsafe.evidence.models import EvidenceEntry

GENESIS_HASH = "0" * 64
ENTRY_OBJECT_TYPE = "evidence.evidenceentry"


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass
class Parts:
    """The things an entry names, before they are saved (the service hashes an entry first)."""

    people: list[Any]
    vehicles: list[Any]
    phones: list[Any]
    handles: list[Any]
    photos: list[Any]


def _parts(entry: EvidenceEntry) -> Parts:
    def ordered(items: Iterable[Any]) -> list[Any]:
        return sorted(items, key=lambda item: item.position)

    return Parts(
        people=ordered(entry.people.all()),
        vehicles=ordered(entry.vehicles.all()),
        phones=ordered(entry.phones.all()),
        handles=ordered(entry.handles.all()),
        photos=ordered(entry.photos.all()),
    )


def content_of(entry: EvidenceEntry, parts: Parts | None = None) -> dict[str, Any]:
    """What the entry says, as plain JSON values (its named things in the order typed)."""
    parts = parts or _parts(entry)
    return {
        "occurred_on": entry.occurred_on.isoformat(),
        "occurred_time": entry.occurred_time.isoformat() if entry.occurred_time else None,
        "what_happened": entry.what_happened,
        "place": entry.place,
        "postcode": entry.postcode,
        "source_note": entry.source_note,
        "corrects": entry.corrects.entry_hash if entry.corrects is not None else None,
        "people": [
            {
                "name": p.name,
                "nickname": p.nickname,
                "description": p.description,
                "approximate_age": p.approximate_age,
            }
            for p in parts.people
        ],
        "vehicles": [
            {
                "plate": v.plate,
                "plate_as_typed": v.plate_as_typed,
                "colour": v.colour,
                "make": v.make,
            }
            for v in parts.vehicles
        ],
        "phones": [
            {"number": p.number, "number_as_typed": p.number_as_typed} for p in parts.phones
        ],
        "handles": [h.handle for h in parts.handles],
        "photos": [
            {"sha256": p.sha256, "file_type": p.file_type, "size": p.size} for p in parts.photos
        ],
    }


def canonical(entry: EvidenceEntry, parts: Parts | None = None) -> bytes:
    """The exact bytes the entry's hash is taken over."""
    document = {
        "family_id": entry.family_id,
        "sequence": entry.sequence,
        "content": content_of(entry, parts),
        "recorded_at": _utc(entry.recorded_at),
        "author": {"user_id": entry.recorded_by_id, "by_worker": entry.by_worker},
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def compute_hash(entry: EvidenceEntry, parts: Parts | None = None) -> str:
    return hashlib.sha256(canonical(entry, parts)).hexdigest()


def entries_with_content() -> Any:
    """Entries with everything their hash covers, in one query per kind of thing."""
    return EvidenceEntry.objects.select_related("family", "corrects").prefetch_related(
        "people", "vehicles", "phones", "handles", "photos"
    )


@dataclass(frozen=True)
class Break:
    """The first entry of a family's log that does not hold, and why."""

    family_reference: str
    sequence: int
    entry_id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.family_reference} entry {self.sequence} (id {self.entry_id}): {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    families: int
    entries: int
    first_break: Break | None = None


def check_family(entries: Iterable[EvidenceEntry], audited: dict[int, str]) -> Break | None:
    """Walk one family's entries (in sequence order) and return the first that does not hold."""
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    for entry in entries:
        reference = entry.family.reference
        if entry.sequence != expected_sequence:
            return Break(
                reference,
                entry.sequence,
                entry.pk,
                f"entry {expected_sequence} is missing (removed from the log)",
            )
        if entry.prev_hash != expected_prev:
            return Break(
                reference,
                entry.sequence,
                entry.pk,
                "its link to the previous entry is broken (an entry was removed or reordered)",
            )
        if compute_hash(entry) != entry.entry_hash:
            return Break(
                reference,
                entry.sequence,
                entry.pk,
                "its content was changed after it was submitted",
            )
        recorded = audited.get(entry.pk)
        if recorded is not None and recorded != entry.entry_hash:
            return Break(
                reference,
                entry.sequence,
                entry.pk,
                "it differs from the entry the audit trail recorded at submission",
            )
        expected_prev = entry.entry_hash
        expected_sequence += 1
    return None


def audited_submissions() -> dict[int, tuple[int | None, str]]:
    """Entry id -> (family id, hash) as the audit trail recorded each submission."""
    found: dict[int, tuple[int | None, str]] = {}
    events = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type=ENTRY_OBJECT_TYPE
    ).values_list("object_id", "family_id", "detail")
    for object_id, family_id, detail in events.iterator():
        entry_hash = (detail or {}).get("entry_hash")
        if entry_hash and str(object_id).isdigit():
            found[int(object_id)] = (family_id, str(entry_hash))
    return found


def _unreadable(family_id: int) -> Break:
    """The first entry of the family whose encrypted text no configured key opens."""
    from relsafe.cases.models import Family

    reference = Family.objects.values_list("reference", flat=True).get(pk=family_id)
    for pk, sequence in (
        EvidenceEntry.objects.filter(family_id=family_id)
        .order_by("sequence")
        .values_list("pk", "sequence")
    ):
        try:
            list(entries_with_content().filter(pk=pk))
        except CannotDecrypt:
            return Break(
                reference,
                sequence,
                pk,
                "its stored text cannot be decrypted with any key (changed behind the "
                "application's back, or a key was removed before rotate_encryption_keys ran)",
            )
    return Break(reference, 0, 0, "an entry's stored text cannot be decrypted")


def verify_all() -> ChainReport:
    """Check every family's log; stop at the first entry that does not hold."""
    from relsafe.cases.models import Family

    audited = audited_submissions()
    family_ids = list(
        EvidenceEntry.objects.order_by("family_id").values_list("family_id", flat=True).distinct()
    )
    hashes = {pk: entry_hash for pk, (_, entry_hash) in audited.items()}
    checked = 0
    for family_id in family_ids:
        try:
            entries = list(entries_with_content().filter(family_id=family_id).order_by("sequence"))
        except CannotDecrypt:
            # Text written behind the application's back without the key (or a key removed
            # before rotate_encryption_keys ran): the entry cannot even be read.
            return ChainReport(False, len(family_ids), checked, _unreadable(family_id))
        found = check_family(entries, hashes)
        if found is not None:
            return ChainReport(False, len(family_ids), checked, found)
        checked += len(entries)
    # An entry the audit trail saw submitted must still be there, unless its whole family was
    # deleted (retention): a tail cut off a log is found here.
    present = set(EvidenceEntry.objects.values_list("pk", flat=True))
    live_families = set(Family.objects.values_list("pk", flat=True))
    for entry_id, (owner_id, _) in sorted(audited.items()):
        if entry_id not in present and owner_id in live_families:
            family = Family.objects.get(pk=owner_id)
            return ChainReport(
                False,
                len(family_ids),
                checked,
                Break(
                    family.reference, 0, entry_id, "it was submitted but is no longer in the log"
                ),
            )
    return ChainReport(True, len(family_ids), checked)
