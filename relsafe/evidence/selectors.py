"""Reads of the evidence log. Everything starts from ``access.policy.families_for(user, ...)``: a
parent sees their own family's log, workers the logs of families they may open, police nothing
(what reaches them goes through partnership intelligence). An entry out of reach is a 404, and
every read of an entry, the log or a photo is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.events import SignificantEvent
from relsafe.cases.models import Family
from relsafe.cases.selectors import get_family
from relsafe.evidence.chain import GENESIS_HASH
from relsafe.evidence.models import EntryHandling, EntryPhoto, EvidenceEntry


def _with_everything(entries: QuerySet[EvidenceEntry]) -> QuerySet[EvidenceEntry]:
    return entries.select_related(
        "family", "recorded_by", "handling", "handling__reviewed_by", "corrects"
    ).prefetch_related("people", "vehicles", "phones", "handles", "photos", "corrections")


def visible_entries(user: Any, action: Action = Action.VIEW_EVIDENCE) -> QuerySet[EvidenceEntry]:
    return EvidenceEntry.objects.filter(family__in=policy.families_for(user, action))


def _audit_read(
    user: Any, family: Family, obj: Any, request: HttpRequest | None, **kw: Any
) -> None:
    reason = policy.access_reason(user, family)
    record(
        action=kw.pop("action", AuditAction.VIEW),
        actor=user,
        request=request,
        obj=obj,
        family_id=family.pk,
        reason=reason.value if reason else "",
        **kw,
    )


def _not_found(user: Any, object_type: str, pk: int, request: HttpRequest | None) -> Exception:
    return policy.not_found(
        user, Action.VIEW_EVIDENCE, object_type=object_type, object_id=pk, request=request
    )


def open_log(*, user: Any, family_pk: int, request: HttpRequest | None = None) -> Family:
    """The family whose log this person may read (404 otherwise); the family read is audited by
    ``get_family``."""
    family = get_family(user=user, pk=family_pk, request=request)
    if not policy.can(user, Action.VIEW_EVIDENCE, family=family):
        raise _not_found(user, "cases.family", family_pk, request)
    return family


@dataclass
class Log:
    family: Family
    entries: list[EvidenceEntry]
    chain_head: str
    to_review: int = 0
    can_record: bool = False
    can_review: bool = False
    can_export: bool = False


def family_log(*, user: Any, family_pk: int, request: HttpRequest | None = None) -> Log:
    """The whole log, newest first, with what happened to each entry."""
    family = open_log(user=user, family_pk=family_pk, request=request)
    entries = list(_with_everything(family.evidence_entries.all()).order_by("-sequence"))
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="evidence.log",
        object_id=family.pk,
        family_id=family.pk,
        reason=_reason(user, family),
        detail={"entries": len(entries)},
    )
    return Log(
        family=family,
        entries=entries,
        chain_head=entries[0].entry_hash if entries else GENESIS_HASH,
        to_review=sum(1 for e in entries if e.handling.reviewed_at is None),
        can_record=policy.can(user, Action.RECORD_EVIDENCE, family=family),
        can_review=policy.can(user, Action.REVIEW_EVIDENCE, family=family),
        can_export=policy.can(user, Action.EXPORT_EVIDENCE, family=family),
    )


def _reason(user: Any, family: Family) -> str:
    reason = policy.access_reason(user, family)
    return reason.value if reason else ""


def get_entry(
    *, user: Any, pk: int, request: HttpRequest | None = None, action: Action = Action.VIEW_EVIDENCE
) -> EvidenceEntry:
    """One entry the person may see (404 otherwise); the read is audited with its reason."""
    entry = _with_everything(visible_entries(user, action)).filter(pk=pk).first()
    if entry is None:
        raise _not_found(user, "evidence.evidenceentry", pk, request)
    _audit_read(user, entry.family, entry, request)
    return entry


def get_photo(*, user: Any, pk: int, request: HttpRequest | None = None) -> EntryPhoto:
    """A photo of an entry the person may see; every download is audited (EXPORT)."""
    photo = (
        EntryPhoto.objects.filter(entry__in=visible_entries(user))
        .select_related("entry__family")
        .filter(pk=pk)
        .first()
    )
    if photo is None:
        raise _not_found(user, "evidence.entryphoto", pk, request)
    _audit_read(
        user,
        photo.entry.family,
        photo,
        request,
        action=AuditAction.EXPORT,
        detail={"download": "evidence photo", "entry": photo.entry_id},
    )
    return photo


@dataclass(frozen=True)
class Step:
    """One stage of "what happened to what I told you", as the family sees it."""

    label: str
    done: bool
    when: dt.datetime | None = None


def progress(handling: EntryHandling) -> list[Step]:
    """The stages an entry has been through and the ones still ahead: received, reviewed by your
    worker, passed to police, police acknowledged — or, when the worker decided it stays with
    the family's record, received, reviewed, kept on your family's record. Never a police detail
    or a worker's note."""
    stage = handling.stage
    received = Step("Received", True, handling.entry.recorded_at)
    reviewed = Step(
        "Reviewed by your worker", handling.reviewed_at is not None, handling.reviewed_at
    )
    if stage == EntryHandling.Stage.KEPT:
        return [
            received,
            reviewed,
            Step("Kept on your family's record", True, handling.reviewed_at),
        ]
    return [
        received,
        reviewed,
        Step(
            "Passed to police",
            handling.passed_to_police_at is not None,
            handling.passed_to_police_at,
        ),
        Step(
            "Police acknowledged",
            handling.police_acknowledged_at is not None,
            handling.police_acknowledged_at,
        ),
    ]


# --- For the worker: what is new ------------------------------------------------------------------


def entries_to_review(user: Any, limit: int = 10) -> list[EvidenceEntry]:
    """Entries nobody has reviewed yet, on the families this person may review, oldest first."""
    return list(
        visible_entries(user, Action.REVIEW_EVIDENCE)
        .filter(handling__reviewed_at__isnull=True)
        .select_related("family", "handling")
        .order_by("recorded_at", "pk")[:limit]
    )


@dataclass
class FamilySection:
    latest: list[EvidenceEntry] = field(default_factory=list)
    count: int = 0
    to_review: int = 0
    can_record: bool = False


def family_section(*, user: Any, family: Family) -> FamilySection | None:
    """The family page's summary, for a family already opened through ``get_family`` (so the
    route to it is settled: only the kind of work is asked); None for those who may not read
    the log. One query, whatever the log's size."""
    if not policy.can(user, Action.VIEW_EVIDENCE):
        return None
    entries = EvidenceEntry.objects.filter(family=family)

    def how_many(waiting: bool) -> Subquery:
        counted = EvidenceEntry.objects.filter(family=family)
        if waiting:
            counted = counted.filter(handling__reviewed_at__isnull=True)
        return Subquery(counted.order_by().values("family").annotate(n=Count("pk")).values("n")[:1])

    latest: list[EvidenceEntry] = list(
        entries.select_related("handling")
        .annotate(log_count=how_many(False), log_to_review=how_many(True))
        .order_by("-sequence")[:3]
    )
    return FamilySection(
        latest=latest,
        count=getattr(latest[0], "log_count", 0) if latest else 0,
        to_review=(getattr(latest[0], "log_to_review", 0) or 0) if latest else 0,
        can_record=policy.can(user, Action.RECORD_EVIDENCE),
    )


def parent_log(*, user: Any) -> FamilySection | None:
    """A parent's start page: their family's latest entries and what happened to them."""
    families = policy.families_for(user, Action.VIEW_EVIDENCE)
    family = families.first()
    if family is None:
        return None
    section = family_section(user=user, family=family)  # the parent's own, from families_for
    if section is not None:
        section.latest = list(
            _with_everything(family.evidence_entries.all()).order_by("-sequence")[:3]
        )
    return section


def parent_family(*, user: Any) -> Family | None:
    """The family whose log a parent keeps (a parent's account belongs to one family)."""
    return policy.families_for(user, Action.RECORD_EVIDENCE).first()


# --- For partnership intelligence and the chronology ---------------------------------------------


def reviewed_entries_for_family(
    user: Any, family: Family, *, include_passed: bool = False
) -> list[EvidenceEntry]:
    """Entries a worker may build a police submission from: reviewed, not marked "not to be
    shown to other agencies", and (unless ``include_passed``) not yet passed. Empty for anyone
    who may not pass this family's entries to police. Oldest first."""
    if not policy.can(user, Action.SHARE_EVIDENCE_WITH_POLICE, family=family):
        return []
    entries = family.evidence_entries.filter(
        handling__reviewed_at__isnull=False, handling__withheld_from_agencies=False
    )
    if not include_passed:
        entries = entries.filter(handling__passed_to_police_at__isnull=True)
    return list(_with_everything(entries).order_by("sequence"))


def significant_evidence_events(family: Family) -> list[SignificantEvent]:
    """Reviewed entries the worker marked significant, as chronology events (oldest first). The
    caller must have opened ``family`` through ``get_family`` and decided the person may read
    the log; entries marked not to be shown to other agencies are left out, so a merged
    chronology never carries them."""
    entries = family.evidence_entries.filter(
        handling__significant=True, handling__withheld_from_agencies=False
    ).order_by("occurred_on", "sequence")
    return [
        SignificantEvent(
            date=e.occurred_on,
            title=f"Evidence log entry {e.sequence}: {_headline(e.what_happened)}",
            kind="concern",
            object_type="evidence.evidenceentry",
            object_id=e.pk,
        )
        for e in entries
    ]


def chronology_events(user: Any, family: Family) -> list[SignificantEvent]:
    """The chronology's evidence log events as this person may see them: only for those who may
    read the family's log (never police: their view of the log is what intelligence sends)."""
    if not policy.can(user, Action.VIEW_EVIDENCE, family=family):
        return []
    return significant_evidence_events(family)


def _headline(text: str, limit: int = 80) -> str:
    first = " ".join(text.split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def entry_url(entry: EvidenceEntry) -> str:
    return reverse("evidence:entry", args=[entry.pk])


# --- Exports --------------------------------------------------------------------------------------


@dataclass
class ExportContent:
    family: Family
    entries: list[EvidenceEntry]
    chain_head: str  # the newest entry's hash in the whole log
    date_from: dt.date | None
    date_to: dt.date | None
    exported_at: dt.datetime
    first_sequence: int | None
    last_sequence: int | None


def log_for_export(
    *,
    user: Any,
    family_pk: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    request: HttpRequest | None = None,
) -> ExportContent:
    """The entries of the log (or of a date range, by the day it happened), oldest first, with
    the chain head of the whole log. The caller audits the export (``services.record_export``)."""
    family = open_log(user=user, family_pk=family_pk, request=request)
    if not policy.can(user, Action.EXPORT_EVIDENCE, family=family):
        raise _not_found(user, "cases.family", family_pk, request)
    everything = family.evidence_entries.all()
    head = everything.order_by("-sequence").values_list("entry_hash", flat=True).first()
    chosen = everything
    if date_from:
        chosen = chosen.filter(occurred_on__gte=date_from)
    if date_to:
        chosen = chosen.filter(occurred_on__lte=date_to)
    entries = list(_with_everything(chosen).order_by("sequence"))
    return ExportContent(
        family=family,
        entries=entries,
        chain_head=head or GENESIS_HASH,
        date_from=date_from,
        date_to=date_to,
        exported_at=timezone.now(),
        first_sequence=entries[0].sequence if entries else None,
        last_sequence=entries[-1].sequence if entries else None,
    )
