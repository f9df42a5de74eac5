"""Changes the family portal makes: the quick exit and the interruption page; invitations and
setting a password; safe notifications; messages; check-ins; a young person's space.

Every service that changes case data asks ``access.policy.require`` itself and runs under
``atomic_action`` with its audit entry (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.models import Notification
from relsafe.access.policy import Action, atomic_action, require
from relsafe.access.services import notify
from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import create_person, end_sessions, sign_out
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record, record_refusal
from relsafe.cases.models import Carer, Family, SafeContactDecision, YoungPerson
from relsafe.cases.selectors import current_safe_contact
from relsafe.core import files
from relsafe.portal import sms
from relsafe.portal.models import (
    MESSAGE_LIMIT,
    CheckIn,
    ExitGuidanceSeen,
    Invitation,
    Message,
    MessageRead,
    MessageThread,
    SpaceEntry,
    YoungPersonSpace,
)
from relsafe.portal.scales import TRUST_STATEMENTS
from relsafe.portal.selectors import shows_exit_this_page, token_hash

logger = logging.getLogger(__name__)

# Where message attachments are kept (core/files.py; registered in PortalConfig.ready).
MESSAGE_FILES = "portal-messages"


def quick_exit(*, request: HttpRequest) -> bool:
    """End this browser's session on the server, audited as a sign-out by quick exit, for the
    people "Exit this page" is for: parents, young people and anyone not yet signed in (a
    half-finished sign-in ends too). Returns whether it did.

    Through the accounts sign-out service, so the session, its ``UserSession`` record and the
    audit entry go exactly as for "Sign out". The exit is a plain link (a GET with no CSRF
    check, so it works from Shift x3 and without JavaScript), so anyone can make someone follow
    it: a member of staff who does is *not* signed out (they sign out by POST), and the visit is
    audited as a refusal so a forged link shows up in the trail.
    """
    if not shows_exit_this_page(request.user):
        record(
            action=AuditAction.ACCESS_DENIED,
            request=request,
            object_type="url",
            object_id=request.path[:64],
            reason="quick exit is for family members: staff are not signed out by a link",
        )
        return False
    sign_out(request=request, quick_exit=True)
    return True


@transaction.atomic
def mark_exit_guidance_seen(*, user: User) -> ExitGuidanceSeen:
    """Remember that this person has read the interruption page, so sign-in stops showing it.

    Not audited: it records that a page was read, not a read or change of case data.
    """
    seen, _ = ExitGuidanceSeen.objects.get_or_create(user=user)
    return seen


# --- Invitations (item 1) -----------------------------------------------------------------------------

INVITATION_HOURS = 72


class InvitationUnusable(Exception):
    """The link cannot be used: ``state`` is ``unknown``, ``used``, ``withdrawn`` or ``expired``."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def _person_key(person: Carer | YoungPerson) -> str:
    return f"{'carer' if isinstance(person, Carer) else 'young_person'}:{person.pk}"


def _person_name(person: Carer | YoungPerson) -> str:
    if isinstance(person, Carer):
        return person.full_name
    return f"{person.first_name} {person.last_name}"


@atomic_action
def invite_family_member(
    *,
    actor: Any,
    person: Carer | YoungPerson,
    email: str = "",
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Make a one-time link for a parent, carer or young person to set their password, and return
    it with the token (shown once to the worker, never kept: only its hash is stored).

    The first invitation creates their account (role parent or young person, no usable password
    yet) and links it to them, so the account belongs to this one family. A later one, for
    someone who already has an account, lets them set a new password (a lost password, or a link
    that expired). Either way every earlier link for them stops working.
    """
    family = person.family
    require(actor, Action.INVITE_TO_PORTAL, family=family, request=request)
    now = timezone.now()
    role = Role.PARENT if isinstance(person, Carer) else Role.YOUNG_PERSON
    user = person.portal_user
    new_account = user is None
    if user is None:
        email = email.strip().lower()
        if not email:
            raise ValidationError({"email": "Enter the email address they will sign in with"})
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": "Enter an email address in the correct format, like name@example.com"}
            ) from None
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": "This email address already has a relsafe account. Use another one."}
            )
        user = create_person(
            email=email,
            full_name=_person_name(person),
            role=role,
            password=None,
            organisation=getattr(actor, "organisation", None),
            created_by=actor,
        )
        person.portal_user = user
        person.save(update_fields=["portal_user"])
    elif user.role != role:
        raise ValidationError({"email": "This person's account is not a family account."})
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        family=family,
        carer=person if isinstance(person, Carer) else None,
        young_person=person if isinstance(person, YoungPerson) else None,
        user=user,
        token_hash=token_hash(token),
        created_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(hours=INVITATION_HOURS),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=invitation,
        family_id=family.pk,
        detail={"for": _person_key(person), "new_account": new_account},
    )
    return invitation, token


@atomic_action
def withdraw_invitation(
    *, actor: Any, invitation: Invitation, request: HttpRequest | None = None
) -> Invitation:
    """Stop a link working before it is used (given to the wrong person, or lost)."""
    require(actor, Action.INVITE_TO_PORTAL, family=invitation.family, request=request)
    if invitation.state() != "open":
        raise ValidationError("This link has already been used, withdrawn or has expired.")
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=invitation,
        family_id=invitation.family_id,
        detail={"withdrawn": True},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str, request: HttpRequest | None = None) -> Any:
    """Set the password of the invited account from its link, once. Raises
    ``InvitationUnusable`` for a link that is unknown, used, withdrawn or expired (audited as a
    refusal, without the token), and ``ValidationError`` on ``password`` for a password Django's
    validators refuse (the link still works then)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    state = "unknown" if invitation is None else invitation.state()
    if invitation is None or state != "open":
        raise InvitationUnusable(state)
    user = invitation.user
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    # A new password ends every session the account had (whoever held them); any second factor
    # the person set up stays, so the next sign-in still asks for it.
    end_sessions(user=user)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        action=AuditAction.UPDATE,
        actor=user,
        request=request,
        obj=invitation,
        family_id=invitation.family_id,
        detail={"password_set": True},
    )
    return user


def refuse_invitation(*, state: str, request: HttpRequest | None = None) -> None:
    """Audit a link that could not be used (never the token itself)."""
    record_refusal(
        actor=None,
        attempted="use_invitation",
        request=request,
        object_type="portal.invitation",
        reason=f"invitation link {state}",
    )


# --- Notifications to family members (item 2) -------------------------------------------------------

# The whole of every email, text and in-app notice relsafe sends a family member (PRODUCT.md §8):
# nothing a lock screen, or a person holding the phone, could learn anything from.
FAMILY_NOTICE = "You have a new message from relsafe — sign in to read it"
FAMILY_NOTICE_SUBJECT = "A new message"


def notify_family_member(
    *, person: Carer | YoungPerson, link: str = "", request: HttpRequest | None = None
) -> str:
    """Tell one family member there is something to read, only as their safe-contact decision
    allows, and say what happened: ``email``, ``text``, or ``not sent: <why>``.

    The in-app notice always waits behind sign-in. Outside it, nothing is sent without a decision
    (``cases.selectors.current_safe_contact``), by any channel it does not name, to any address
    or number but the one it records, or outside its safe hours; a young person's phone is only
    ever the one their own decision names. Each attempt is audited: to whom, when, by which
    channel and whether it went, never the words or the address. Called by other services inside
    their transaction; the email or text leaves once it commits.
    """
    user = person.portal_user
    if user is not None and user.is_active:
        Notification.objects.create(recipient=user, message=FAMILY_NOTICE, link=link[:300])
    decision = current_safe_contact(person)
    channel = decision.notify_by if decision is not None else ""
    if decision is None:
        outcome = "not sent: no safe-contact decision"
    elif decision.notify_by == SafeContactDecision.Notify.NONE:
        outcome = "not sent: the decision says send nothing"
    elif not decision.allows_message_at(timezone.localtime().time()):
        outcome = "not sent: outside the safe hours"
    elif decision.notify_by == SafeContactDecision.Notify.EMAIL and decision.email:
        address = decision.email
        transaction.on_commit(
            lambda: send_mail(
                FAMILY_NOTICE_SUBJECT, FAMILY_NOTICE, None, [address], fail_silently=True
            )
        )
        outcome = "email"
    elif decision.notify_by == SafeContactDecision.Notify.TEXT and decision.phone:
        number = decision.phone
        transaction.on_commit(lambda: _send_text(number))
        outcome = "text"
    else:
        outcome = "not sent: the decision names no address for its channel"
    record(
        action=AuditAction.CREATE,
        request=request,
        object_type="portal.notice",
        object_id=_person_key(person),
        family_id=person.family_id,
        reason=outcome,
        detail={
            "to": _person_key(person),
            "channel": channel,
            "sent": outcome in ("email", "text"),
            "decision": decision.pk if decision is not None else None,
        },
    )
    return outcome


def _send_text(number: str) -> None:
    try:
        sms.get_backend().send(to=number, body=FAMILY_NOTICE)
    except Exception:  # a provider's failure must not undo the message already saved
        logger.exception("Sending a text message failed")


# --- Messages between a family and their workers (item 3) ---------------------------------------------


def _thread(family: Family) -> MessageThread:
    thread, _ = MessageThread.objects.get_or_create(family=family)
    return thread


@atomic_action
def send_message(
    *,
    actor: Any,
    family: Family,
    body: str,
    attachment_name: str = "",
    attachment_data: bytes = b"",
    request: HttpRequest | None = None,
) -> Message:
    """Add a message to the family's thread, from the family (a parent) or from a worker with the
    family, with an optional file checked by content (``core.files``). The other side is told:
    workers in relsafe; family members only as their safe-contact decisions allow."""
    from_family = policy.can(actor, Action.MESSAGE_WORKER, family=family)
    if not from_family:
        require(actor, Action.MESSAGE_FAMILY, family=family, request=request)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your message"})
    if len(body) > MESSAGE_LIMIT:
        raise ValidationError(
            {"body": f"Your message must be {MESSAGE_LIMIT:,} characters or fewer"}
        )
    checked = None
    if attachment_data or attachment_name:
        try:
            checked = files.check_upload(name=attachment_name, data=attachment_data)
        except files.FileRejected as error:
            raise ValidationError({"attachment": str(error)}) from None
    message = Message.objects.create(
        thread=_thread(family),
        author=actor,
        from_family=from_family,
        body=body,
        sent_at=timezone.now(),
    )
    if checked is not None:
        message.original_name = files.safe_display_name(attachment_name)
        message.file_type = checked.file_type
        message.size = checked.size
        message.sha256 = checked.sha256
        message.stored_name = files.new_stored_name()
        message.save(update_fields=["original_name", "file_type", "size", "sha256", "stored_name"])
        files.save_after_commit(
            folder=MESSAGE_FILES,
            stored_name=message.stored_name,
            data=checked.data,
            on_failure=lambda: _forget_unstored_file(message),
        )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=message,
        family_id=family.pk,
        detail={"from_family": from_family, "attachment": checked is not None},
    )
    if from_family:
        workers = list(
            User.objects.filter(
                allocations__family=family, allocations__ended_at__isnull=True, is_active=True
            ).distinct()
        )
        notify(
            recipients=workers,
            message=f"New message from the {family.name} family ({family.reference})",
            link=reverse("portal:family-messages", args=[family.pk]),
        )
    else:
        for carer in family.carers.filter(portal_user__isnull=False):
            notify_family_member(person=carer, link=reverse("portal:messages"), request=request)
    return message


@transaction.atomic
def _forget_unstored_file(message: Message) -> None:
    """The storage refused the file after the message committed: keep the message, drop the file."""
    Message.objects.filter(pk=message.pk).update(
        original_name="", file_type="", size=None, sha256="", stored_name=""
    )
    record(
        action=AuditAction.UPDATE,
        obj=message,
        family_id=message.thread.family_id,
        reason="the file storage failed, so the file was not kept",
    )


@atomic_action
def mark_thread_read(*, actor: Any, family: Family, request: HttpRequest | None = None) -> int:
    """Read receipts: every message from the other side is now read by ``actor`` (the first time
    only). Returns how many were new."""
    from_family = policy.can(actor, Action.MESSAGE_WORKER, family=family)
    if not from_family:
        require(actor, Action.MESSAGE_FAMILY, family=family, request=request)
    unread = Message.objects.filter(thread__family=family, from_family=not from_family).exclude(
        reads__reader=actor
    )
    now = timezone.now()
    receipts = [MessageRead(message=m, reader=actor, read_at=now) for m in unread]
    MessageRead.objects.bulk_create(receipts, ignore_conflicts=True)
    return len(receipts)


# --- Check-ins (item 5) --------------------------------------------------------------------------------


@atomic_action
def record_check_in(
    *,
    actor: Any,
    family: Family,
    coping: int | None,
    understanding: int | None,
    confidence: int | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> CheckIn:
    """A parent's check-in on our three 1-5 scales, with optional words of their own."""
    require(actor, Action.CHECK_IN, family=family, request=request)
    values = {"coping": coping, "understanding": understanding, "confidence": confidence}
    errors = {
        name: "Choose the sentence that is closest to how you feel"
        for name, value in values.items()
        if value not in (1, 2, 3, 4, 5)
    }
    if errors:
        raise ValidationError(errors)
    check_in = CheckIn.objects.create(
        family=family,
        person=actor,
        coping=int(coping or 0),
        understanding=int(understanding or 0),
        confidence=int(confidence or 0),
        note=note.strip(),
        recorded_at=timezone.now(),
    )
    record(action=AuditAction.CREATE, actor=actor, request=request, obj=check_in)
    return check_in


# --- The young person's space (item 6) -------------------------------------------------------------------


@atomic_action
def switch_space(
    *, actor: Any, young_person: YoungPerson, on: bool, request: HttpRequest | None = None
) -> YoungPersonSpace:
    """A worker opens (or closes) a young person's own space in the portal."""
    require(actor, Action.SWITCH_SPACE, family=young_person.family, request=request)
    space, _ = YoungPersonSpace.objects.update_or_create(
        young_person=young_person,
        defaults={"is_on": on, "changed_by": actor, "changed_at": timezone.now()},
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=space,
        family_id=young_person.family_id,
        detail={"is_on": on},
    )
    return space


@atomic_action
def record_space_entry(
    *,
    actor: Any,
    young_person: YoungPerson,
    trusted_adult: str = "",
    ratings: dict[str, int | None] | None = None,
    going_well: str = "",
    want_to_happen: str = "",
    request: HttpRequest | None = None,
) -> SpaceEntry:
    """What a young person says in their own space, kept as they wrote it (a new entry each time:
    the profile shows the latest)."""
    require(actor, Action.USE_SPACE, record=young_person, request=request)
    if not YoungPersonSpace.objects.filter(young_person=young_person, is_on=True).exists():
        raise policy.deny(
            actor,
            Action.USE_SPACE,
            record=young_person,
            request=request,
            reason="This space has not been switched on.",
        )
    ratings = {key: (ratings or {}).get(key) for key, _ in TRUST_STATEMENTS}
    trusted_adult = trusted_adult.strip()
    errors: dict[str, str] = {}
    for key, value in ratings.items():
        if value is not None and value not in (1, 2, 3, 4, 5):
            errors[key] = "Choose one answer"
    if any(v is not None for v in ratings.values()) and not trusted_adult:
        errors["trusted_adult"] = "Write the name of the person you are thinking about"
    if not (trusted_adult or going_well.strip() or want_to_happen.strip()) and not errors:
        errors["trusted_adult"] = "Write something in at least one of the boxes"
    if errors:
        raise ValidationError(errors)
    entry = SpaceEntry.objects.create(
        young_person=young_person,
        trusted_adult=trusted_adult,
        going_well=going_well.strip(),
        want_to_happen=want_to_happen.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        **ratings,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=entry,
        family_id=young_person.family_id,
    )
    return entry
