"""Changes to family cases. Each function runs in one transaction with its audit entry, checks that
the person may make the change (``access.policy.require``: an audited ``NotAllowed``), and marks the
case as changed so other workers' caseloads say so."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, forget_sections, require
from relsafe.access.sections import MINIMAL, clean_scopes
from relsafe.accounts.models import Organisation, User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import (
    Allocation,
    Carer,
    CaseReferral,
    Family,
    FamilyStatusChange,
    FamilyView,
    HouseholdAddress,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.cases.validators import validate_child_date_of_birth
from relsafe.core.concurrency import EditConflict, check_unchanged, update_if_unchanged
from relsafe.core.contact_details import normalise_phone, normalise_uk_postcode

Status = Family.Status

# Where a case may go next from each stage. Reopening a closed case needs a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.REFERRAL: (Status.ACTIVE, Status.CLOSED),
    Status.ACTIVE: (Status.STEP_DOWN, Status.CLOSED),
    Status.STEP_DOWN: (Status.ACTIVE, Status.CLOSED),
    Status.CLOSED: (Status.REFERRAL, Status.ACTIVE),
}

# The profile facts a worker edits together, under one version number.
PROFILE_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "identity",
    "culture",
    "language",
    "communication_needs",
    "health",
    "education",
    "concerns",
    # How to reach them and what they need (issue 16): the child's own phone is recorded, never
    # messaged (PRODUCT.md §8).
    "preferred_language",
    "interpreter_needed",
    "legal_status",
    "phone",
    "email",
)

_REFERENCE_PREFIX = "RS-"


def touch_family(*, family: Family, actor: User) -> None:
    """Mark the case changed now; the person who changed it has, by definition, seen the change."""
    now = timezone.now()
    Family.objects.filter(pk=family.pk).update(updated_at=now)
    family.updated_at = now
    mark_viewed(user=actor, family=family, at=now)


def mark_viewed(*, user: User, family: Family, at: dt.datetime | None = None) -> None:
    """Remember when this person last opened the family (for 'changed since you last looked')."""
    FamilyView.objects.update_or_create(
        user=user, family=family, defaults={"viewed_at": at or timezone.now()}
    )


def _next_reference() -> str:
    numbers = [
        int(m.group(1))
        for ref in Family.objects.filter(reference__startswith=_REFERENCE_PREFIX).values_list(
            "reference", flat=True
        )
        if (m := re.fullmatch(r"RS-(\d+)", ref))
    ]
    return f"{_REFERENCE_PREFIX}{max(numbers, default=0) + 1:04d}"


def _create_family_row(*, name: str, actor: User, review_due: dt.date | None) -> Family:
    """The family row with the next free reference; a savepoint per try, so a clash with someone
    creating a family at the same moment just takes the next number."""
    if actor.organisation_id is None:  # the policy's OPEN_FAMILY rule already asks for one
        raise ValidationError("Only someone in an organisation can open a family case")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                now = timezone.now()
                return Family.objects.create(
                    reference=_next_reference(),
                    name=name.strip(),
                    lead_organisation_id=actor.organisation_id,
                    status=Status.REFERRAL,
                    opened_at=now,
                    review_due=review_due,
                    updated_at=now,
                )
        except IntegrityError:
            continue
    raise ValidationError("Could not give the family a reference; try again")


@dataclass(frozen=True)
class NewChild:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    preferred_name: str = ""


def create_family(
    *,
    actor: User,
    name: str,
    child: NewChild,
    carer_name: str = "",
    carer_relationship: str = "",
    review_due: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Family:
    """Open a new case at 'referral received', with the person who opened it as lead worker so
    they can go on seeing it (need-to-know starts from allocation)."""
    require(actor, Action.OPEN_FAMILY, request=request)
    validate_child_date_of_birth(child.date_of_birth)
    if not child.first_name.strip() or not child.last_name.strip():
        raise ValidationError("Enter the child's first and last name")
    with transaction.atomic():
        family = _create_family_row(name=name, actor=actor, review_due=review_due)
        young_person = YoungPerson.objects.create(
            family=family,
            first_name=child.first_name.strip(),
            last_name=child.last_name.strip(),
            preferred_name=child.preferred_name.strip(),
            date_of_birth=child.date_of_birth,
        )
        if carer_name.strip():
            Carer.objects.create(
                family=family,
                full_name=carer_name.strip(),
                relationship=carer_relationship.strip() or "parent or carer",
            )
        Allocation.objects.create(
            family=family,
            worker=actor,
            role_on_case=actor.get_role_display(),
            is_lead=True,
            allocated_by=actor,
            started_at=family.opened_at,
        )
        FamilyStatusChange.objects.create(
            family=family,
            from_status="",
            to_status=Status.REFERRAL,
            reason="Referral received",
            changed_by=actor,
            changed_at=family.opened_at,
        )
        record(action=AuditAction.CREATE, actor=actor, request=request, obj=family)
        record(action=AuditAction.CREATE, actor=actor, request=request, obj=young_person)
        mark_viewed(user=actor, family=family, at=family.opened_at)
    return family


@atomic_action
def change_status(
    *,
    actor: User,
    family: Family,
    to_status: str,
    reason: str,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Family:
    """Move the case along its lifecycle. Reopening a closed case needs a reason; a stale form
    (someone else changed the status first) is refused rather than applied on top."""
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    current = Family.objects.select_for_update().get(pk=family.pk)
    check_unchanged(current, expected_version, saved={"status": to_status, "reason": reason})
    if to_status not in TRANSITIONS.get(current.status, ()):
        raise ValidationError(
            f"A case that is '{current.get_status_display()}' cannot move to "
            f"'{Status(to_status).label if to_status in Status.values else to_status}'",
            code="transition",
        )
    reopening = current.status == Status.CLOSED
    reason = reason.strip()
    if reopening and not reason:
        raise ValidationError("Give the reason for reopening the case", code="reason")
    now = timezone.now()
    FamilyStatusChange.objects.create(
        family=current,
        from_status=current.status,
        to_status=to_status,
        reason=reason,
        is_reopening=reopening,
        changed_by=actor,
        changed_at=now,
    )
    before = current.status
    update_if_unchanged(
        current,
        expected_version,
        status=to_status,
        closed_at=now if to_status == Status.CLOSED else None,
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=current,
        detail={"status_from": before, "status_to": to_status, "reopened": reopening},
    )
    touch_family(family=current, actor=actor)
    return current


@atomic_action
def share_family(
    *,
    actor: User,
    family: Family,
    organisation: Organisation,
    basis: str,
    notes: str,
    scopes: Iterable[str] = MINIMAL,
    request: HttpRequest | None = None,
) -> OrganisationShare:
    """Share the case with another organisation, recording the consent or lawful basis, who
    decided and what the share covers (need-to-know: the minimal sections unless the worker
    chose more). Sharing without consent must say why (DPA 2018 Sch. 1 para. 18)."""
    require(actor, Action.SHARE, family=family, request=request)
    covered = _chosen_scopes(scopes)
    if basis not in OrganisationShare.Basis.values:
        raise ValidationError("Choose the lawful basis for sharing", code="basis")
    if basis != OrganisationShare.Basis.CONSENT and not notes.strip():
        raise ValidationError(
            "Explain why the case is shared without consent", code="notes_required"
        )
    if organisation.pk == family.lead_organisation_id:
        raise ValidationError("The case already belongs to this organisation", code="own")
    if OrganisationShare.objects.filter(
        family=family, organisation=organisation, revoked_at__isnull=True
    ).exists():
        raise ValidationError(f"The case is already shared with {organisation}", code="duplicate")
    share = OrganisationShare.objects.create(
        family=family,
        organisation=organisation,
        basis=basis,
        basis_notes=notes.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
        scopes=covered,
    )
    record(
        action=AuditAction.SHARE,
        actor=actor,
        request=request,
        obj=share,
        reason=OrganisationShare.Basis(basis).label,
        detail={"organisation_id": organisation.pk, "basis": basis, "scopes": covered},
    )
    forget_sections()
    touch_family(family=family, actor=actor)
    return share


def _chosen_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(scopes)
    covered = clean_scopes(chosen)
    if len(covered) != len(set(chosen)):
        raise ValidationError("Choose what the share covers from the list", code="scopes")
    return covered


@atomic_action
def change_share_scopes(
    *,
    actor: User,
    share: OrganisationShare,
    scopes: Iterable[str],
    request: HttpRequest | None = None,
) -> OrganisationShare:
    """Widen or narrow what a live share covers; the partner sees the change on its next
    request. Audited with what it covered before and after."""
    require(actor, Action.SHARE, family=share.family, request=request)
    if share.revoked_at is not None:
        raise ValidationError("This share has ended", code="revoked")
    covered = _chosen_scopes(scopes)
    before = clean_scopes(share.scopes)
    if covered == before:
        return share
    share.scopes = covered
    share.save(update_fields=["scopes"])
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=share,
        detail={
            "organisation_id": share.organisation_id,
            "scopes_from": before,
            "scopes_to": covered,
        },
    )
    forget_sections()
    touch_family(family=share.family, actor=actor)
    return share


@atomic_action
def revoke_share(
    *, actor: User, share: OrganisationShare, request: HttpRequest | None = None
) -> OrganisationShare:
    """Stop sharing: the other organisation loses access on its next request."""
    require(actor, Action.SHARE, family=share.family, request=request)
    if share.revoked_at is not None:
        return share
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=share,
        detail={"revoked": True, "organisation_id": share.organisation_id},
    )
    forget_sections()
    touch_family(family=share.family, actor=actor)
    return share


@atomic_action
def add_strength(
    *,
    actor: User,
    young_person: YoungPerson,
    kind: str,
    text: str,
    in_own_words: bool = False,
    request: HttpRequest | None = None,
) -> StrengthEntry:
    require(actor, Action.CHANGE_CASE, family=young_person.family, request=request)
    if not text.strip():
        raise ValidationError("Enter what you want to record", code="text")
    entry = StrengthEntry.objects.create(
        young_person=young_person,
        kind=kind,
        text=text.strip(),
        in_own_words=in_own_words,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=entry,
        family_id=young_person.family_id,
        detail={"kind": kind, "in_own_words": in_own_words},
    )
    touch_family(family=young_person.family, actor=actor)
    return entry


@atomic_action
def update_strength(
    *,
    actor: User,
    entry: StrengthEntry,
    kind: str,
    text: str,
    in_own_words: bool,
    expected_version: int,
    request: HttpRequest | None = None,
) -> StrengthEntry:
    """Change an entry only if nobody else changed it since this person opened it; otherwise
    ``EditConflict`` carries the entry as it is now, and nothing is overwritten."""
    require(actor, Action.CHANGE_CASE, record=entry, request=request)
    if not text.strip():
        raise ValidationError("Enter what you want to record", code="text")
    changes = {"kind": kind, "text": text.strip(), "in_own_words": in_own_words}
    try:
        update_if_unchanged(entry, expected_version, **changes)
    except EditConflict as conflict:
        raise EditConflict(conflict.current, changes) from None
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=entry,
        family_id=entry.young_person.family_id,
        detail={"kind": kind, "in_own_words": in_own_words},
    )
    touch_family(family=entry.young_person.family, actor=actor)
    return entry


@atomic_action
def update_profile(
    *,
    actor: User,
    young_person: YoungPerson,
    changes: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
) -> YoungPerson:
    """Save profile facts only if nobody else saved since this person opened the form; otherwise
    raise ``EditConflict`` with the saved version, so neither edit is silently lost."""
    require(actor, Action.CHANGE_CASE, record=young_person, request=request)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    if "date_of_birth" in changes:
        validate_child_date_of_birth(changes["date_of_birth"])
    contact = {k: changes[k] for k in ("phone", "email") if k in changes}
    changes = {**changes, **_contact_values(contact)}
    changed_fields = sorted(k for k, v in changes.items() if getattr(young_person, k) != v)
    update_if_unchanged(
        YoungPerson.objects.select_related("family").filter(pk=young_person.pk),
        expected_version,
        **changes,
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=young_person,
        family_id=young_person.family_id,
        detail={"fields": changed_fields},
    )
    young_person.refresh_from_db()
    touch_family(family=young_person.family, actor=actor)
    return young_person


@atomic_action
def record_safe_contact(
    *,
    actor: User,
    person: Carer | YoungPerson,
    notify_by: str,
    email: str = "",
    phone: str = "",
    may_phone: bool = False,
    safe_from: dt.time | None = None,
    safe_until: dt.time | None = None,
    what_may_be_said: str = "",
    calendar_shows_detail: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
) -> SafeContactDecision:
    """Record a new safe-contact decision for one family member; it supersedes the last one.

    Errors are keyed by field so a form can show each beside its box. Nothing is sent to anyone
    here: this only decides what later notifications and callers may do.
    """
    family = person.family
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    errors: dict[str, str] = {}
    if notify_by not in SafeContactDecision.Notify.values:
        errors["notify_by"] = "Select how relsafe may tell them about a new message"
    email = email.strip()
    phone_e164 = ""
    if phone.strip():
        try:
            phone_e164 = normalise_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    if notify_by == SafeContactDecision.Notify.EMAIL and not email:
        errors["email"] = "Enter the email address that is safe to use"
    if notify_by == SafeContactDecision.Notify.TEXT and not phone.strip():
        errors["phone"] = "Enter the mobile number that is safe to text"
    if may_phone and not phone.strip():
        errors.setdefault("phone", "Enter the number that is safe to ring")
    if (safe_from is None) != (safe_until is None):
        errors["safe_from"] = "Enter both times, or neither if any time is safe"
    if errors:
        raise ValidationError(errors)
    decision = SafeContactDecision.objects.create(
        family=family,
        carer=person if isinstance(person, Carer) else None,
        young_person=person if isinstance(person, YoungPerson) else None,
        notify_by=notify_by,
        email=email,
        phone=phone_e164,
        may_phone=may_phone,
        safe_from=safe_from,
        safe_until=safe_until,
        what_may_be_said=what_may_be_said.strip(),
        calendar_shows_detail=calendar_shows_detail,
        reason=reason.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    # What was decided, never the address or number itself.
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=decision,
        detail={"notify_by": notify_by, "may_phone": may_phone},
    )
    touch_family(family=family, actor=actor)
    return decision


# --- The household and how to reach them (issue 16) ------------------------------------------------

# What a worker changes about a parent or carer on one page, under one version number.
CARER_FIELDS: tuple[str, ...] = (
    "full_name",
    "relationship",
    "started_on",
    "phone",
    "email",
    "preferred_language",
    "interpreter_needed",
)


def _contact_values(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed text, the phone number in E.164 and the email checked; errors keyed by field."""
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors: dict[str, str] = {}
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalise_phone(cleaned["phone"])
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    if cleaned.get("email"):
        from django.core.validators import validate_email

        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if errors:
        raise ValidationError(errors)
    return cleaned


@atomic_action
def add_carer(
    *,
    actor: User,
    family: Family,
    full_name: str,
    relationship: str,
    started_on: dt.date | None = None,
    phone: str = "",
    email: str = "",
    preferred_language: str = "",
    interpreter_needed: bool = False,
    request: HttpRequest | None = None,
) -> Carer:
    """A parent or carer joins the household (a carer moving in, a parent found), from a date."""
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter their full name"})
    if not relationship.strip():
        raise ValidationError({"relationship": "Enter who they are to the children, like mum"})
    values = _contact_values(
        {
            "full_name": full_name,
            "relationship": relationship,
            "phone": phone,
            "email": email,
            "preferred_language": preferred_language,
        }
    )
    carer = Carer.objects.create(
        family=family,
        started_on=started_on,
        interpreter_needed=interpreter_needed,
        **values,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=carer,
        family_id=family.pk,
        detail={"started_on": started_on.isoformat() if started_on else ""},
    )
    touch_family(family=family, actor=actor)
    return carer


@atomic_action
def update_carer(
    *,
    actor: User,
    carer: Carer,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Carer:
    """Change a parent's or carer's details and how to reach them; a conflict if someone else
    saved first (nothing overwritten)."""
    require(actor, Action.CHANGE_CASE, family=carer.family, request=request)
    changes = _contact_values({k: v for k, v in values.items() if k in CARER_FIELDS})
    if "full_name" in changes and not changes["full_name"]:
        raise ValidationError({"full_name": "Enter their full name"})
    try:
        update_if_unchanged(carer, expected_version, **changes)
    except EditConflict as conflict:
        raise EditConflict(conflict.current, changes) from None
    # Which fields changed, never the number or address itself.
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=carer,
        family_id=carer.family_id,
        detail={"fields": sorted(changes)},
    )
    touch_family(family=carer.family, actor=actor)
    return carer


def _check_end(day: dt.date, start: dt.date | None, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date must be today or in the past"})
    if start is not None and day < start:
        raise ValidationError({field: "The date must be on or after the day they joined"})


def _leave_household(
    *,
    actor: User,
    member: Carer | YoungPerson,
    day: dt.date,
    reason: str,
    joined_on: dt.date | None,
    date_field: str,
    reason_field: str,
    request: HttpRequest | None,
) -> None:
    """A household member leaves: dated, never deleted, so the record of who was there stays
    true. One path for carers and children, so both are dated and audited alike (each public
    service asks the policy first, where the every-service check can see it)."""
    if getattr(member, date_field) is not None:
        raise ValidationError({date_field: "They have already left the household"})
    _check_end(day, joined_on, date_field)
    type(member).objects.filter(pk=member.pk).update(
        **{date_field: day, reason_field: reason.strip()[:200], "version": member.version + 1}
    )
    member.refresh_from_db()
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=member,
        family_id=member.family_id,
        detail={date_field: day.isoformat()},
    )
    touch_family(family=member.family, actor=actor)


@atomic_action
def end_carer(
    *,
    actor: User,
    carer: Carer,
    ended_on: dt.date,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Carer:
    """A parent or carer is no longer in the household: dated, never deleted, so the record of
    who was there stays true."""
    require(actor, Action.CHANGE_CASE, family=carer.family, request=request)
    _leave_household(
        actor=actor,
        member=carer,
        day=ended_on,
        reason=reason,
        joined_on=carer.started_on,
        date_field="ended_on",
        reason_field="end_reason",
        request=request,
    )
    return carer


@atomic_action
def add_child(
    *,
    actor: User,
    family: Family,
    child: NewChild,
    joined_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> YoungPerson:
    """A child joins the household (a sibling born, a cousin moving in)."""
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    if not child.first_name.strip():
        raise ValidationError({"first_name": "Enter their first name"})
    if not child.last_name.strip():
        raise ValidationError({"last_name": "Enter their last name"})
    try:
        validate_child_date_of_birth(child.date_of_birth)
    except ValidationError as error:
        raise ValidationError({"date_of_birth": error.messages}) from None
    young_person = YoungPerson.objects.create(
        family=family,
        first_name=child.first_name.strip(),
        last_name=child.last_name.strip(),
        preferred_name=child.preferred_name.strip(),
        date_of_birth=child.date_of_birth,
        joined_on=joined_on,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=young_person,
        family_id=family.pk,
    )
    touch_family(family=family, actor=actor)
    return young_person


@atomic_action
def end_child(
    *,
    actor: User,
    young_person: YoungPerson,
    left_on: dt.date,
    reason: str = "",
    request: HttpRequest | None = None,
) -> YoungPerson:
    """A child leaves the household (to live with a relative, say). Their record stays."""
    require(actor, Action.CHANGE_CASE, family=young_person.family, request=request)
    _leave_household(
        actor=actor,
        member=young_person,
        day=left_on,
        reason=reason,
        joined_on=young_person.joined_on,
        date_field="left_on",
        reason_field="left_reason",
        request=request,
    )
    return young_person


@dataclass(frozen=True)
class NewAddress:
    line_1: str
    postcode: str
    lived_from: dt.date
    line_2: str = ""
    town: str = ""


@atomic_action
def add_address(
    *,
    actor: User,
    person: Carer | YoungPerson,
    address: NewAddress,
    request: HttpRequest | None = None,
) -> HouseholdAddress:
    """Where a family member lives from a date. Their address until then ends the day before, so
    a move is one step and the history stays."""
    family = person.family
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    errors: dict[str, str] = {}
    if not address.line_1.strip():
        errors["line_1"] = "Enter the first line of the address"
    postcode = ""
    try:
        postcode = normalise_uk_postcode(address.postcode)
    except ValidationError as error:
        errors["postcode"] = error.messages[0]
    if address.lived_from > timezone.localdate() + dt.timedelta(days=366):
        errors["lived_from"] = "The date they moved in must be within the next year"
    if errors:
        raise ValidationError(errors)
    owner: dict[str, Any] = (
        {"carer": person} if isinstance(person, Carer) else {"young_person": person}
    )
    previous = HouseholdAddress.objects.filter(
        lived_until__isnull=True, lived_from__lt=address.lived_from, **owner
    )
    previous.update(lived_until=address.lived_from - dt.timedelta(days=1))
    saved = HouseholdAddress.objects.create(
        family=family,
        line_1=address.line_1.strip(),
        line_2=address.line_2.strip(),
        town=address.town.strip(),
        postcode=postcode,
        lived_from=address.lived_from,
        recorded_by=actor,
        **owner,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=saved,
        family_id=family.pk,
        detail={"lived_from": address.lived_from.isoformat()},
    )
    touch_family(family=family, actor=actor)
    return saved


# --- The referral: how the case arrived (issue 16) ------------------------------------------------

REFERRAL_FIELDS: tuple[str, ...] = (
    "received_on",
    "referrer_agency",
    "referrer_name",
    "referrer_role",
    "referrer_phone",
    "referrer_email",
    "concerns",
    "request",
    "family_aware",
    "decision",
    "decision_reason",
)


def _referral_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    required = {
        "referrer_agency": "Enter the agency that referred",
        "referrer_name": "Enter the name of the person who referred",
        "concerns": "Enter what they are worried about, in their words",
    }
    errors = {k: m for k, m in required.items() if k in cleaned and not cleaned[k]}
    received: Any = cleaned.get("received_on")
    if received is not None and received > timezone.localdate():
        errors["received_on"] = "The date the referral arrived must be today or in the past"
    if cleaned.get("decision", CaseReferral.Decision.PENDING) not in CaseReferral.Decision.values:
        errors["decision"] = "Select what was decided"
    phone = cleaned.get("referrer_phone")
    if phone:
        try:
            cleaned["referrer_phone"] = normalise_phone(phone)
        except ValidationError as error:
            errors["referrer_phone"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _decided(cleaned: dict[str, Any], actor: User, before: str) -> dict[str, Any]:
    """Who decided and when: the person who records the decision, the day it changes."""
    decision = cleaned.get("decision", before)
    if decision == CaseReferral.Decision.PENDING:
        return {"decided_by": None, "decided_on": None}
    if decision != before:
        return {"decided_by": actor, "decided_on": timezone.localdate()}
    return {}


@atomic_action
def record_referral(
    *,
    actor: User,
    family: Family,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> CaseReferral:
    """The referral as it arrived: who referred, when, why in their words, what they asked for,
    and (when made) the decision and by whom."""
    require(actor, Action.CHANGE_CASE, family=family, request=request)
    cleaned = _referral_values({k: v for k, v in values.items() if k in REFERRAL_FIELDS})
    cleaned.setdefault("decision", CaseReferral.Decision.PENDING)
    referral = CaseReferral.objects.create(
        family=family,
        recorded_by=actor,
        **cleaned,
        **_decided(cleaned, actor, CaseReferral.Decision.PENDING),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=referral,
        family_id=family.pk,
        detail={"decision": referral.decision},
    )
    touch_family(family=family, actor=actor)
    return referral


@atomic_action
def update_referral(
    *,
    actor: User,
    referral: CaseReferral,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> CaseReferral:
    """Correct the referral or record the decision; a conflict if someone else saved first."""
    require(actor, Action.CHANGE_CASE, family=referral.family, request=request)
    cleaned = _referral_values({k: v for k, v in values.items() if k in REFERRAL_FIELDS})
    changes = {**cleaned, **_decided(cleaned, actor, referral.decision)}
    try:
        update_if_unchanged(referral, expected_version, **changes)
    except EditConflict as conflict:
        raise EditConflict(conflict.current, cleaned) from None
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=referral,
        family_id=referral.family_id,
        detail={"fields": sorted(cleaned), "decision": referral.decision},
    )
    touch_family(family=referral.family, actor=actor)
    return referral
