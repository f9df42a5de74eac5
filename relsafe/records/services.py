"""Every change to contacts, attachments, missing episodes, return home interviews and chronology
entries. Each function runs in one transaction with its audit entry, checks that the person may make
the change, and sanitises free text before it is stored."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.core import files
from relsafe.core.concurrency import EditConflict, update_if_unchanged
from relsafe.core.search import search_document
from relsafe.records import attachments
from relsafe.records.models import (
    Attachment,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    ReturnHomeInterview,
    Tag,
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li"}
_SENTINELS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTACT_TEXT_FIELDS = ("discussed", "young_person_voice", "parent_voice", "actions_agreed")
RETURN_INTERVIEW_TEXT_FIELDS = (
    "where_they_were",
    "who_with",
    "push_factors",
    "pull_factors",
    "harm",
    "what_would_help",
)


def _organisation_id(actor: User) -> int:
    """The organisation a record is written for (the policy's RECORD rule asks for one)."""
    if actor.organisation_id is None:
        raise ValidationError("Only someone in an organisation can record on a case")
    return actor.organisation_id


def sanitise_text(text: str) -> str:
    """Keep only a few formatting tags (no attributes, links, scripts or styles), so stored notes
    are safe to show as HTML wherever they are read."""
    cleaned = nh3.clean(
        _SENTINELS.sub("", text or ""),
        tags=ALLOWED_TAGS,
        attributes={},
        strip_comments=True,
        link_rel=None,
    )
    return cleaned.strip()


def plain_text(stored: str) -> str:
    """The words of a stored note without markup, for search and for CSV/PDF exports."""
    spaced = re.sub(r"<(br|/p|/li)\s*/?>", "\n", stored or "")
    return html.unescape(nh3.clean(spaced, tags=set())).strip()


def _check_young_people(family: Family, young_people: Iterable[YoungPerson]) -> list[YoungPerson]:
    people = list(young_people)
    if any(p.family_id != family.pk for p in people):
        raise ValidationError({"young_people": "Choose young people from this family."})
    return people


def contact_search_text(contact: Contact) -> str:
    parts = [contact.present] + [plain_text(getattr(contact, f)) for f in CONTACT_TEXT_FIELDS]
    return search_document(*parts)


@atomic_action
def record_contact(
    *,
    actor: User,
    family: Family,
    kind: str,
    occurred_at: dt.datetime,
    discussed: str,
    young_people: Iterable[YoungPerson] = (),
    present: str = "",
    staff_present: Iterable[Any] = (),
    young_person_voice: str = "",
    parent_voice: str = "",
    actions_agreed: str = "",
    significant: bool = False,
    chronology_tag: str = Tag.NEUTRAL,
    share_with_police: bool = False,
    attachment: tuple[str, bytes] | None = None,
    request: HttpRequest | None = None,
) -> Contact:
    """Record a contact with the family, by the actor, for the actor's organisation; a file
    chosen while writing (``attachment``: name and bytes) is kept with it in the same step, or
    neither is."""
    require(actor, Action.RECORD, family=family, request=request)
    people = _check_young_people(family, young_people)
    contact = Contact(
        family=family,
        kind=kind,
        occurred_at=occurred_at,
        present=present.strip(),
        discussed=sanitise_text(discussed),
        young_person_voice=sanitise_text(young_person_voice),
        parent_voice=sanitise_text(parent_voice),
        actions_agreed=sanitise_text(actions_agreed),
        significant=significant,
        chronology_tag=chronology_tag,
        share_with_police=share_with_police,
        recorded_by=actor,
        recorded_by_organisation_id=_organisation_id(actor),
    )
    if not contact.discussed:
        raise ValidationError({"discussed": "Enter what was discussed."})
    contact.search_text = contact_search_text(contact)
    contact.save()
    contact.young_people.set(people)
    contact.staff_present.set(list(staff_present))
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=contact,
        detail={"kind": kind, "significant": significant},
    )
    if attachment is not None:
        name, data = attachment
        try:
            add_attachment(actor=actor, contact=contact, name=name, data=data, request=request)
        except files.FileRejected as error:
            raise ValidationError({"attachment": str(error)}) from None
    return contact


@atomic_action
def update_contact(
    *,
    actor: User,
    contact: Contact,
    expected_version: int,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Contact:
    """Save the person's edits only if nobody saved in between (optimistic locking); otherwise
    raise EditConflict carrying the version now saved, so both can be shown side by side."""
    require(actor, Action.CHANGE_RECORD, record=contact, request=request)
    young_people = changes.pop("young_people", None)
    staff_present = changes.pop("staff_present", None)
    allowed = {
        "kind",
        "occurred_at",
        "present",
        "significant",
        "chronology_tag",
        "share_with_police",
        *CONTACT_TEXT_FIELDS,
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    values = dict(changes)
    for field in CONTACT_TEXT_FIELDS:
        if field in values:
            values[field] = sanitise_text(values[field])
    if "discussed" in values and not values["discussed"]:
        raise ValidationError({"discussed": "Enter what was discussed."})
    merged = Contact(**{f: getattr(contact, f) for f in ("present", *CONTACT_TEXT_FIELDS)})
    for key, value in values.items():
        setattr(merged, key, value)
    values["search_text"] = contact_search_text(merged)
    fresh = update_if_unchanged(
        Contact.objects.select_related("family").filter(pk=contact.pk),
        expected_version,
        **values,
        updated_at=timezone.now(),
    )
    if young_people is not None:
        fresh.young_people.set(_check_young_people(fresh.family, young_people))
    if staff_present is not None:
        fresh.staff_present.set(list(staff_present))
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        detail={"fields": sorted(values), "version": fresh.version},
    )
    return fresh


@atomic_action
def add_attachment(
    *,
    actor: User,
    contact: Contact,
    name: str,
    data: bytes,
    request: HttpRequest | None = None,
) -> Attachment:
    """Check the file by content (and by parsing it), strip image metadata, and keep it under a
    random name in the file storage. The bytes are written only once the row and its audit entry
    have committed: a save that fails or is rolled back leaves no file (``core.files``)."""
    require(actor, Action.CHANGE_RECORD, record=contact, request=request)
    checked = files.check_upload(name=name, data=data)
    attachment = Attachment.objects.create(
        contact=contact,
        original_name=files.safe_display_name(name),
        file_type=checked.file_type,
        size=checked.size,
        stored_name=files.new_stored_name(),
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=attachment,
        family_id=contact.family_id,
        detail={"file_type": checked.file_type, "size": checked.size},
    )
    files.save_after_commit(
        folder=attachments.FOLDER,
        stored_name=attachment.stored_name,
        data=checked.data,
        on_failure=lambda: _forget_unstored_attachment(attachment, actor=actor, request=request),
    )
    return attachment


@transaction.atomic
def _forget_unstored_attachment(
    attachment: Attachment, *, actor: User, request: HttpRequest | None
) -> None:
    """The storage refused the file after its row committed: remove the row, so nothing points at
    a file that is not there, and say so in the audit trail."""
    Attachment.objects.filter(pk=attachment.pk).delete()
    record(
        action=AuditAction.DELETE,
        actor=actor,
        request=request,
        obj=attachment,
        family_id=attachment.contact.family_id,
        reason="the file storage failed, so the file was not kept",
    )


@atomic_action
def record_missing_episode(
    *,
    actor: User,
    family: Family,
    young_person: YoungPerson,
    reported_missing_at: dt.datetime,
    reported_by: str,
    risk_level: str,
    returned_at: dt.datetime | None = None,
    where_found: str = "",
    found_by: str = "",
    found_by_detail: str = "",
    police_reference: str = "",
    share_with_police: bool = True,
    request: HttpRequest | None = None,
) -> MissingEpisode:
    """Record that a young person went missing (and, if known, when and how they came back)."""
    require(actor, Action.RECORD, family=family, request=request)
    _check_young_people(family, [young_person])
    if returned_at is not None and returned_at < reported_missing_at:
        raise ValidationError(
            {"returned_at": "The return must be after they were reported missing."}
        )
    episode = MissingEpisode.objects.create(
        family=family,
        young_person=young_person,
        reported_missing_at=reported_missing_at,
        reported_by=reported_by.strip(),
        returned_at=returned_at,
        where_found=where_found.strip(),
        found_by=found_by,
        found_by_detail=found_by_detail.strip(),
        police_reference=police_reference.strip(),
        risk_level=risk_level,
        share_with_police=share_with_police,
        recorded_by=actor,
        recorded_by_organisation_id=_organisation_id(actor),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=episode,
        detail={"returned": returned_at is not None, "risk_level": risk_level},
    )
    return episode


@atomic_action
def record_return(
    *,
    actor: User,
    episode: MissingEpisode,
    expected_version: int,
    returned_at: dt.datetime,
    where_found: str = "",
    found_by: str = "",
    found_by_detail: str = "",
    police_reference: str = "",
    request: HttpRequest | None = None,
) -> MissingEpisode:
    """Record the young person's return; this starts the 72-hour return-interview clock."""
    require(actor, Action.CHANGE_RECORD, record=episode, request=request)
    if returned_at < episode.reported_missing_at:
        raise ValidationError(
            {"returned_at": "The return must be after they were reported missing."}
        )
    fresh = update_if_unchanged(
        MissingEpisode.objects.select_related("family", "young_person").filter(pk=episode.pk),
        expected_version,
        returned_at=returned_at,
        where_found=where_found.strip(),
        found_by=found_by,
        found_by_detail=found_by_detail.strip(),
        police_reference=police_reference.strip() or episode.police_reference,
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        detail={"returned": True},
    )
    return fresh


@atomic_action
def record_return_interview(
    *,
    actor: User,
    episode: MissingEpisode,
    offered_at: dt.datetime | None,
    done_at: dt.datetime | None = None,
    done_by: str = "",
    declined: bool = False,
    content: dict[str, str] | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> ReturnHomeInterview:
    """Record the independent return home interview: when it was offered and done (or declined)
    and what the young person said about what pulled them away and what would help.

    ``expected_version`` is the version the form was opened at (0 when there was no interview
    yet). If someone else saved the interview since, ``EditConflict`` carries it as it is now and
    nothing is overwritten. ``None`` skips the check (the demo loader)."""
    require(actor, Action.RECORD, family=episode.family, request=request)
    if episode.returned_at is None:
        raise ValidationError("Record the young person's return before the return home interview.")
    if done_at is not None and declined:
        raise ValidationError({"declined": "An interview cannot be both done and declined."})
    if done_at is not None and done_at < episode.returned_at:
        raise ValidationError({"done_at": "The interview must be after the young person returned."})
    text = {k: sanitise_text((content or {}).get(k, "")) for k in RETURN_INTERVIEW_TEXT_FIELDS}
    fields: dict[str, Any] = {
        "offered_at": offered_at,
        "done_at": done_at,
        "done_by": done_by.strip(),
        "declined": declined,
        "recorded_by": actor,
        "recorded_at": timezone.now(),
        **text,
    }
    existing = ReturnHomeInterview.objects.filter(episode=episode).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise EditConflict(None, fields)
        try:
            with transaction.atomic():
                interview = ReturnHomeInterview.objects.create(episode=episode, **fields)
        except IntegrityError:
            # Someone recorded it in the moment since we looked: theirs stands.
            current = ReturnHomeInterview.objects.get(episode=episode)
            raise EditConflict(current, fields) from None
        created = True
    else:
        version = existing.version if expected_version is None else expected_version
        try:
            interview = update_if_unchanged(existing, version, **fields)
        except EditConflict as conflict:
            raise EditConflict(conflict.current, fields) from None
        created = False
    record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=interview,
        family_id=episode.family_id,
        detail={"done": done_at is not None, "declined": declined},
    )
    return interview


@atomic_action
def add_chronology_entry(
    *,
    actor: User,
    family: Family,
    occurred_on: dt.date,
    title: str,
    tag: str,
    details: str = "",
    young_people: Iterable[YoungPerson] = (),
    share_with_police: bool = False,
    request: HttpRequest | None = None,
) -> ChronologyEntry:
    """Add a significant event by hand: a strength ('scored in the cup final') as readily as a
    concern."""
    require(actor, Action.RECORD, family=family, request=request)
    people = _check_young_people(family, young_people)
    clean_details = sanitise_text(details)
    entry = ChronologyEntry.objects.create(
        family=family,
        occurred_on=occurred_on,
        title=title.strip(),
        details=clean_details,
        tag=tag,
        share_with_police=share_with_police,
        recorded_by=actor,
        recorded_by_organisation_id=_organisation_id(actor),
        search_text=search_document(title, plain_text(clean_details)),
    )
    entry.young_people.set(people)
    record(action=AuditAction.CREATE, actor=actor, request=request, obj=entry, detail={"tag": tag})
    return entry
