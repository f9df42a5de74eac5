"""Demo evidence logs (fictional): Precious's own log for Jayden's family (RS-0001) with the grey
Audi, its plate, the man called "Ghost" and a phone number from a note in Jayden's pocket; and
entries that workers added on five other families' behalf. Some are reviewed, one is marked not
to be shown to other agencies, one of Precious's has been passed to police and acknowledged, and
one is a correction. Phone numbers are in Ofcom's drama range; plates are made up.

Entries are appended to each family's chain exactly as ``services.submit_entry`` does (hash,
audit entry with the hash), but with the times they were recorded in the story. Idempotent: a
family whose log has entries is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.core.contact_details import normalise_phone
from relsafe.core.demo import DemoWorld
from relsafe.evidence import chain, signing
from relsafe.evidence.models import (
    EntryHandle,
    EntryHandling,
    EntryPerson,
    EntryPhone,
    EntryVehicle,
    EvidenceEntry,
)


@dataclass
class DemoEntry:
    days_ago: int
    time: dt.time | None
    what: str
    author: str  # a key of world.people
    place: str = ""
    postcode: str = ""
    people: list[tuple[str, str, str, str]] = field(default_factory=list)
    vehicles: list[tuple[str, str, str]] = field(default_factory=list)  # plate, colour, make
    phones: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    source_note: str = ""
    recorded_after_hours: int = 2
    corrects: int | None = None  # the sequence it corrects
    review: str = ""  # "", "reviewed", "significant", "withheld", "acknowledged"
    review_notes: str = ""


LOGS: dict[str, list[DemoEntry]] = {
    "RS-0001": [
        DemoEntry(
            41,
            dt.time(21, 30),
            "A grey car stopped outside our house and flashed its lights twice. Jayden went out "
            "and got in the back. I heard the driver call him 'little man'. The car drove off "
            "towards the high street. Jayden came home at 01:10 and would not say where he had "
            "been.",
            "precious",
            place="Outside our house, Elm Road, Northbridge",
            postcode="NB1 4QT",
            people=[("", "Ghost", "Thin, black puffer jacket, gold chain", "about 25")],
            vehicles=[("LM19 XKD", "Grey", "Audi A3")],
            recorded_after_hours=14,
            review="acknowledged",
            review_notes="Same car Jayden's school mentioned. Discussed with Precious by phone.",
        ),
        DemoEntry(
            33,
            dt.time(7, 45),
            "Washing Jayden's jeans I found a folded note in the back pocket with a phone "
            "number on it and the word 'G' next to it. I took a photo of the note and put it "
            "back.",
            "precious",
            place="At home",
            phones=["07700 900461"],
            recorded_after_hours=1,
            review="significant",
            review_notes="Number may be the 'Ghost' contact. To go to police with entry 1.",
        ),
        DemoEntry(
            33,
            dt.time(7, 45),
            "Correction to my last entry: the note said 'Gh' not 'G'. Everything else is right.",
            "precious",
            corrects=2,
            recorded_after_hours=6,
            review="reviewed",
        ),
        DemoEntry(
            9,
            dt.time(16, 10),
            "The grey Audi was parked by the shopping centre car park exit when I picked Amara "
            "up from her friend's. Two young lads were leaning in the window. I did not see "
            "Jayden.",
            "precious",
            place="Northbridge shopping centre, car park exit",
            vehicles=[("LM19 XKD", "Grey", "Audi")],
            recorded_after_hours=3,
        ),
    ],
    "RS-0002": [
        DemoEntry(
            25,
            None,
            "Ruby showed her mum messages from an account asking her to move to a private app "
            "and to keep it secret. The account says he is 17; the man in its photos is an adult.",
            "alex",
            handles=["Snapchat: rubyfan_xx", "Instagram: dj.kane.official"],
            people=[("Kane", "DJ Kane", "Says he is a music producer", "says 17, looks 25+")],
            source_note="Joanne, at our home visit",
            review="significant",
            review_notes="Screenshots kept by Joanne. Online grooming concern.",
        ),
        DemoEntry(
            6,
            dt.time(22, 0),
            "Ruby got a parcel with a new phone in it. Nobody at home ordered it.",
            "alex",
            source_note="Joanne, by text the next morning",
        ),
    ],
    "RS-0003": [
        DemoEntry(
            18,
            dt.time(23, 15),
            "A silver van dropped Kai at the end of the road. The driver shouted 'same time "
            "tomorrow'. Kai had a new jacket.",
            "sam",
            place="Corner of Station Road",
            vehicles=[("KP?? ???", "Silver", "Ford Transit")],
            source_note="Kai's grandad, on the phone",
            review="reviewed",
        ),
    ],
    "RS-0004": [
        DemoEntry(
            12,
            dt.time(18, 0),
            "Maya's mum found train tickets to a town two hours away in Maya's school bag, "
            "bought with cash on a school day.",
            "sam",
            source_note="Mrs Kowalska, at the school gate",
            review="withheld",
            review_notes="Mum asked that this stays with us for now; she fears it will be traced.",
        ),
    ],
    "RS-0005": [
        DemoEntry(
            4,
            dt.time(20, 30),
            "Zainab's brother saw two older men waiting outside the mosque after evening prayers "
            "and one of them called Zainab over by name.",
            "sam",
            place="Outside the mosque, Park Lane",
            people=[("", "", "Two men, late twenties, one with a beard and a grey hoodie", "")],
            source_note="Mr Hussain, by phone",
        ),
    ],
    "RS-0013": [
        DemoEntry(
            15,
            dt.time(15, 40),
            "A number kept ringing from a withheld line, then texted 'you owe us'.",
            "tom",
            phones=["07700 900118"],
            source_note="The young person's dad, at the office",
            review="reviewed",
        ),
    ],
}


def _append(family: Family, spec: DemoEntry, world: DemoWorld, by_sequence: dict[int, Any]) -> Any:
    author = world.people[spec.author]
    occurred = timezone.localdate() - dt.timedelta(days=spec.days_ago)
    recorded_at = timezone.make_aware(
        dt.datetime.combine(occurred, spec.time or dt.time(12, 0))
    ) + dt.timedelta(hours=spec.recorded_after_hours)
    recorded_at = min(recorded_at, timezone.now() - dt.timedelta(minutes=5))
    last = EvidenceEntry.objects.filter(family=family).order_by("-sequence").first()
    entry = EvidenceEntry(
        family=family,
        sequence=last.sequence + 1 if last else 1,
        prev_hash=last.entry_hash if last else chain.GENESIS_HASH,
        occurred_on=occurred,
        occurred_time=spec.time,
        what_happened=spec.what,
        place=spec.place,
        postcode=spec.postcode,
        source_note=spec.source_note,
        corrects=by_sequence.get(spec.corrects) if spec.corrects else None,
        recorded_at=recorded_at,
        recorded_by=author,
        by_worker=author.role != "parent",
        author_name=author.full_name,
    )
    parts = chain.Parts(
        people=[
            EntryPerson(position=i, name=n, nickname=k, description=d, approximate_age=a)
            for i, (n, k, d, a) in enumerate(spec.people)
        ],
        vehicles=[
            EntryVehicle(
                position=i,
                plate=plate.upper().replace(" ", ""),
                plate_as_typed=plate,
                colour=colour,
                make=make,
            )
            for i, (plate, colour, make) in enumerate(spec.vehicles)
        ],
        phones=[
            EntryPhone(position=i, number=normalise_phone(n), number_as_typed=n)
            for i, n in enumerate(spec.phones)
        ],
        handles=[EntryHandle(position=i, handle=h) for i, h in enumerate(spec.handles)],
        photos=[],
    )
    entry.entry_hash = chain.compute_hash(entry, parts)
    entry.save()
    for row in [*parts.people, *parts.vehicles, *parts.phones, *parts.handles]:
        row.entry = entry
        row.save()
    record(
        action=AuditAction.CREATE,
        actor=author,
        obj=entry,
        family_id=family.pk,
        reason="demo data",
        detail={
            "sequence": entry.sequence,
            "entry_hash": entry.entry_hash,
            "by_worker": entry.by_worker,
            "corrects": entry.corrects_id,
            "photos": 0,
        },
    )
    handling = EntryHandling(entry=entry)
    if spec.review:
        reviewer = world.people.get("sam") if spec.author == "precious" else author
        handling.reviewed_at = recorded_at + dt.timedelta(hours=20)
        handling.reviewed_by = reviewer
        handling.review_notes = spec.review_notes
        handling.significant = spec.review in ("significant", "acknowledged")
        handling.withheld_from_agencies = spec.review == "withheld"
        if spec.review == "withheld":
            handling.withheld_reason = "The parent asked us to keep it with the family's record."
        if spec.review == "acknowledged":
            handling.passed_to_police_at = recorded_at + dt.timedelta(days=2)
            handling.passed_by = reviewer
            handling.submission_reference = "DEMO-PI-0001"
            handling.police_acknowledged_at = recorded_at + dt.timedelta(days=3)
    handling.save()
    return entry


@transaction.atomic
def seed(world: DemoWorld) -> None:
    for reference, specs in LOGS.items():
        family = Family.objects.filter(reference=reference).first()
        if family is None or family.evidence_entries.exists():
            continue
        by_sequence: dict[int, Any] = {}
        for spec in specs:
            entry = _append(family, spec, world, by_sequence)
            by_sequence[entry.sequence] = entry
    signing.ensure_signing_pair()
