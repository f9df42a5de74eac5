"""Changes to family cases. Each function runs in one transaction with its audit entry, checks that
the person may make the change (``access.policy.require``: an audited ``NotAllowed``), and marks the
case as changed so other workers' caseloads say so."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import Organisation, User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import (
    Allocation,
    Carer,
    Family,
    FamilyStatusChange,
    FamilyView,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.cases.validators import validate_child_date_of_birth
from relsafe.core.concurrency import EditConflict, check_unchanged, update_if_unchanged
from relsafe.core.contact_details import normalise_phone

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
    request: HttpRequest | None = None,
) -> OrganisationShare:
    """Share the case with another organisation, recording the consent or lawful basis and who
    decided. Sharing without consent must say why (DPA 2018 Sch. 1 para. 18)."""
    require(actor, Action.SHARE, family=family, request=request)
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
    )
    record(
        action=AuditAction.SHARE,
        actor=actor,
        request=request,
        obj=share,
        reason=OrganisationShare.Basis(basis).label,
        detail={"organisation_id": organisation.pk, "basis": basis},
    )
    touch_family(family=family, actor=actor)
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
