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
from relsafe.core.concurrency import check_unchanged, update_if_unchanged
from relsafe.core.text_limits import SHORT_TEXT
from relsafe.portal import sms
from relsafe.portal.models import (
    MESSAGE_LIMIT,
    Appointment,
    CheckIn,
    ExitGuidanceSeen,
    Invitation,
    Message,
    MessageRead,
    MessageThread,
    QueuedNotice,
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
    allows, and say what happened: ``email``, ``text``, ``queued``, or ``not sent: <why>``.

    The in-app notice always waits behind sign-in. Outside it, nothing is sent without a decision
    (``cases.selectors.current_safe_contact``), by any channel it does not name, to any address
    or number but the one it records; a young person's phone is only ever the one their own
    decision names. Outside the decision's safe hours the notice is *queued* (``QueuedNotice``)
    and sent at the start of the next safe window by ``portal.tasks.deliver_queued_notice``,
    which asks the decision in force then. Each attempt is audited: to whom, when, by which
    channel and whether it went, never the words or the address. Called by other services inside
    their transaction; the email or text (or the queued task) leaves once it commits.
    """
    user = person.portal_user
    if user is not None and user.is_active:
        Notification.objects.create(recipient=user, message=FAMILY_NOTICE, link=link[:300])
    decision = current_safe_contact(person)
    now = timezone.now()
    outcome = _decide_and_send(decision, now)
    queued: QueuedNotice | None = None
    if outcome == OUTSIDE_HOURS and decision is not None:
        queued = _queue_notice(person, decision, now)
        outcome = "queued"
    _audit_notice(person, decision, outcome, request=request, queued=queued)
    return outcome


OUTSIDE_HOURS = "not sent: outside the safe hours"


def _decide_and_send(decision: SafeContactDecision | None, now: dt.datetime) -> str:
    """Send the one sentence by the decision's channel if it allows it now (after commit), and
    say what happened."""
    if decision is None:
        return "not sent: no safe-contact decision"
    if decision.notify_by == SafeContactDecision.Notify.NONE:
        return "not sent: the decision says send nothing"
    if not decision.allows_message_at(timezone.localtime(now).time()):
        return OUTSIDE_HOURS
    if decision.notify_by == SafeContactDecision.Notify.EMAIL and decision.email:
        address = decision.email
        transaction.on_commit(
            lambda: send_mail(
                FAMILY_NOTICE_SUBJECT, FAMILY_NOTICE, None, [address], fail_silently=True
            )
        )
        return "email"
    if decision.notify_by == SafeContactDecision.Notify.TEXT and decision.phone:
        number = decision.phone
        transaction.on_commit(lambda: _send_text(number))
        return "text"
    return "not sent: the decision names no address for its channel"


def next_safe_start(decision: SafeContactDecision, now: dt.datetime) -> dt.datetime:
    """When the decision's next safe window opens after ``now`` (local time): today's
    ``safe_from`` if it is still ahead, else tomorrow's. ``now`` itself if it is safe now."""
    local = timezone.localtime(now)
    if decision.allows_message_at(local.time()) or decision.safe_from is None:
        return now
    day = local.date()
    start = timezone.make_aware(dt.datetime.combine(day, decision.safe_from))
    if start <= now:
        start = timezone.make_aware(
            dt.datetime.combine(day + dt.timedelta(days=1), decision.safe_from)
        )
    return start


def _queue_notice(
    person: Carer | YoungPerson, decision: SafeContactDecision, now: dt.datetime
) -> QueuedNotice:
    """Keep one waiting notice per person (the words are always the same sentence), due at the
    start of their next safe window, and ask the task runner to deliver it then."""
    key: dict[str, Any] = (
        {"carer": person} if isinstance(person, Carer) else {"young_person": person}
    )
    waiting = QueuedNotice.objects.filter(done_at__isnull=True, **key).first()
    if waiting is not None:
        return waiting
    notice = QueuedNotice.objects.create(
        family_id=person.family_id, queued_at=now, due_at=next_safe_start(decision, now), **key
    )
    transaction.on_commit(lambda: _enqueue_delivery(notice))
    return notice


def _enqueue_delivery(notice: QueuedNotice) -> None:
    from django_tasks import default_task_backend

    from relsafe.portal.tasks import deliver_queued_notice

    task = deliver_queued_notice
    if default_task_backend.supports_defer:
        task = task.using(run_after=notice.due_at)
    task.enqueue(notice.pk)


def deliver_notice(*, notice: QueuedNotice) -> str:
    """Send a waiting notice now if it is due, asking the safe-contact decision in force *now*
    (it may have changed since: "send nothing" drops it; new hours move it on). Returns what
    happened (``not due`` when it is early: the task runner came too soon, or the test backend
    runs at once). Audited like every notice, without the words."""
    with transaction.atomic():
        # Only the notice's own row is locked (PostgreSQL refuses FOR UPDATE on the nullable
        # side of the joins select_related would add).
        notice = QueuedNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.done_at is not None:
            return notice.outcome or "already done"
        now = timezone.now()
        if notice.due_at > now:
            return "not due"
        person = notice.person
        decision = current_safe_contact(person)
        outcome = _decide_and_send(decision, now)
        if outcome == OUTSIDE_HOURS and decision is not None:
            notice.due_at = next_safe_start(decision, now)
            notice.save(update_fields=["due_at"])
            transaction.on_commit(lambda: _enqueue_delivery(notice))
            _audit_notice(person, decision, "queued", queued=notice, request=None)
            return "queued"
        notice.done_at = now
        notice.outcome = outcome[:80]
        notice.save(update_fields=["done_at", "outcome"])
        _audit_notice(person, decision, outcome, queued=notice, request=None, delivery=True)
        return outcome


def deliver_due_notices() -> int:
    """Every waiting notice whose time has come (a safety net beside the one task per notice,
    e.g. after the worker was stopped). Returns how many were looked at."""
    due = list(QueuedNotice.objects.filter(done_at__isnull=True, due_at__lte=timezone.now()))
    for notice in due:
        deliver_notice(notice=notice)
    return len(due)


def _audit_notice(
    person: Carer | YoungPerson,
    decision: SafeContactDecision | None,
    outcome: str,
    *,
    request: HttpRequest | None,
    queued: QueuedNotice | None = None,
    delivery: bool = False,
) -> None:
    detail: dict[str, Any] = {
        "to": _person_key(person),
        "channel": decision.notify_by if decision is not None else "",
        "sent": outcome in ("email", "text"),
        "decision": decision.pk if decision is not None else None,
    }
    if queued is not None:
        detail["queued_notice"] = queued.pk
        detail["due_at"] = queued.due_at.isoformat()
    if delivery:
        detail["from_queue"] = True
    record(
        action=AuditAction.CREATE,
        request=request,
        object_type="portal.notice",
        object_id=_person_key(person),
        family_id=person.family_id,
        reason=outcome,
        detail=detail,
    )


def _send_text(number: str) -> None:
    try:
        sms.get_backend().send(to=number, body=FAMILY_NOTICE)
    except Exception:  # a provider's failure must not undo the message already saved
        logger.exception("Sending a text message failed")


# --- Messages between a family and their workers (item 3) ---------------------------------------------


def _thread(family: Family, young_person: YoungPerson | None = None) -> MessageThread:
    if young_person is not None:
        thread, _ = MessageThread.objects.get_or_create(
            young_person=young_person, defaults={"family": family}
        )
        return thread
    thread, _ = MessageThread.objects.get_or_create(family=family, young_person__isnull=True)
    return thread


def _side(
    actor: Any,
    family: Family,
    young_person: YoungPerson | None,
    request: HttpRequest | None,
) -> bool:
    """Whether ``actor`` writes as the family, after checking they may use this thread: the
    family's own thread is for its parents and its workers; a young person's own thread for that
    young person (while their space is open) and the workers, never their parents."""
    if young_person is not None:
        if young_person.family_id != family.pk:
            raise policy.deny(actor, Action.MESSAGE_FAMILY, family=family, request=request)
        if policy.can(actor, Action.MESSAGE_OWN_WORKER, record=young_person):
            if not YoungPersonSpace.objects.filter(young_person=young_person, is_on=True).exists():
                raise policy.deny(
                    actor,
                    Action.MESSAGE_OWN_WORKER,
                    record=young_person,
                    request=request,
                    reason="This space has not been switched on.",
                )
            return True
        require(actor, Action.MESSAGE_FAMILY, family=family, request=request)
        return False
    if policy.can(actor, Action.MESSAGE_WORKER, family=family):
        return True
    require(actor, Action.MESSAGE_FAMILY, family=family, request=request)
    return False


@atomic_action
def send_message(
    *,
    actor: Any,
    family: Family,
    body: str,
    attachment_name: str = "",
    attachment_data: bytes = b"",
    young_person: YoungPerson | None = None,
    appointment: Appointment | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Add a message to the family's thread (a parent or a worker), or to a young person's own
    thread (that young person or a worker), with an optional file checked by content
    (``core.files``) and, for "ask to rearrange", the appointment it is about. The other side is
    told: workers in relsafe; family members only as their safe-contact decisions allow."""
    from_family = _side(actor, family, young_person, request)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your message"})
    if len(body) > MESSAGE_LIMIT:
        raise ValidationError(
            {"body": f"Your message must be {MESSAGE_LIMIT:,} characters or fewer"}
        )
    if appointment is not None and (appointment.family_id != family.pk or young_person is not None):
        raise policy.deny(actor, Action.MESSAGE_WORKER, family=family, request=request)
    checked = None
    if attachment_data or attachment_name:
        try:
            checked = files.check_upload(name=attachment_name, data=attachment_data)
        except files.FileRejected as error:
            raise ValidationError({"attachment": str(error)}) from None
    message = Message.objects.create(
        thread=_thread(family, young_person),
        author=actor,
        from_family=from_family,
        body=body,
        sent_at=timezone.now(),
        appointment=appointment,
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
    detail: dict[str, Any] = {
        "from_family": from_family,
        "attachment": checked is not None,
        "young_person": young_person.pk if young_person else None,
        "appointment": appointment.pk if appointment else None,
    }
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=message,
        family_id=family.pk,
        detail=detail,
    )
    _tell_other_side(family, young_person, from_family=from_family, request=request)
    return message


def _tell_other_side(
    family: Family,
    young_person: YoungPerson | None,
    *,
    from_family: bool,
    request: HttpRequest | None,
) -> None:
    """Workers are told in relsafe; family members only as their safe-contact decisions allow."""
    if from_family:
        workers = list(
            User.objects.filter(
                allocations__family=family, allocations__ended_at__isnull=True, is_active=True
            ).distinct()
        )
        if young_person is not None:
            link = reverse("portal:young-person-messages", args=[young_person.pk])
            text = (
                f"New message from a young person in the {family.name} family ({family.reference})"
            )
        else:
            link = reverse("portal:family-messages", args=[family.pk])
            text = f"New message from the {family.name} family ({family.reference})"
        notify(recipients=workers, message=text, link=link)
    elif young_person is not None:
        if young_person.portal_user_id:
            notify_family_member(
                person=young_person, link=reverse("portal:my-messages"), request=request
            )
    else:
        for carer in family.carers.filter(portal_user__isnull=False):
            notify_family_member(person=carer, link=reverse("portal:messages"), request=request)


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
def mark_thread_read(
    *,
    actor: Any,
    family: Family,
    young_person: YoungPerson | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Read receipts: every message from the other side is now read by ``actor`` (the first time
    only). Returns how many were new."""
    from_family = _side(actor, family, young_person, request)
    unread = Message.objects.filter(
        thread__family=family, thread__young_person=young_person, from_family=not from_family
    ).exclude(reads__reader=actor)
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


# --- Appointments and meetings with the family (item 3) --------------------------------------------------

WHAT_LIMIT = 200
PLACE_LIMIT = 300
CANCEL_REASON_LIMIT = 300


def _text_errors(what: str, place: str, who: str, kind: str, how: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind == Appointment.Kind.OTHER and not what:
        errors["what"] = "Say what the appointment is about"
    if len(what) > WHAT_LIMIT:
        errors["what"] = f"What it is about must be {WHAT_LIMIT} characters or fewer"
    if how == Appointment.How.IN_PERSON and not place:
        errors["place"] = "Enter where the appointment will be"
    if len(place) > PLACE_LIMIT:
        errors["place"] = f"Where must be {PLACE_LIMIT} characters or fewer"
    if len(who) > SHORT_TEXT:
        errors["who"] = f"Who will be there must be {SHORT_TEXT:,} characters or fewer"
    return errors


def _time_errors(starts_at: Any, ends_at: Any, now: dt.datetime) -> dict[str, str]:
    if starts_at is None:
        return {"day": "Enter the date and time of the appointment"}
    if starts_at < now:
        return {"day": "The appointment must be in the future"}
    if ends_at is not None and ends_at <= starts_at:
        return {"ends": "The end time must be after the start time"}
    return {}


def _appointment_values(values: dict[str, Any], *, now: dt.datetime) -> dict[str, Any]:
    """Check an appointment's details, all errors at once, each on its own field."""
    kind = values.get("kind") or ""
    how = values.get("how") or Appointment.How.IN_PERSON
    what = (values.get("what") or "").strip()
    place = (values.get("place") or "").strip()
    who = (values.get("who") or "").strip()
    starts_at = values.get("starts_at")
    ends_at = values.get("ends_at")
    errors: dict[str, str] = {}
    if kind not in Appointment.Kind.values:
        errors["kind"] = "Choose what kind of appointment it is"
    if how not in Appointment.How.values:
        errors["how"] = "Choose how the appointment will happen"
    errors |= _text_errors(what, place, who, kind, how)
    errors |= _time_errors(starts_at, ends_at, now)
    if errors or starts_at is None:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "what": what,
        "how": how,
        "place": place,
        "who": who,
        "starts_at": starts_at,
        "ends_at": ends_at or starts_at + dt.timedelta(hours=1),
        "shown_to_family": bool(values.get("shown_to_family")),
    }


def _tell_parents(appointment: Appointment, request: HttpRequest | None) -> None:
    """A shared appointment arranged, changed or cancelled: each parent or carer with an account
    is told only "You have a new message", only as their safe-contact decision allows."""
    for carer in appointment.family.carers.filter(portal_user__isnull=False):
        notify_family_member(person=carer, link=reverse("portal:appointments"), request=request)


@atomic_action
def arrange_appointment(
    *,
    actor: Any,
    family: Family,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Appointment:
    """A worker arranges a visit or meeting with the family. If it is shown to the family, its
    parents and carers are told there is something to read (safe contact decides how)."""
    require(actor, Action.ARRANGE_APPOINTMENT, family=family, request=request)
    now = timezone.now()
    checked = _appointment_values(values, now=now)
    appointment = Appointment.objects.create(
        family=family,
        created_by=actor,
        updated_by=actor,
        created_at=now,
        updated_at=now,
        **checked,
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=appointment,
        family_id=family.pk,
        detail={"kind": appointment.kind, "shown_to_family": appointment.shown_to_family},
    )
    if appointment.shown_to_family:
        _tell_parents(appointment, request)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("family").get(pk=appointment.pk)


@atomic_action
def change_appointment(
    *,
    actor: Any,
    appointment: Appointment,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Appointment:
    """A worker changes a planned appointment. A colleague's change since the form was opened is
    a conflict (``EditConflict``), never overwritten. The parents are told if they could see it
    before or can see it now."""
    require(actor, Action.ARRANGE_APPOINTMENT, family=appointment.family, request=request)
    current = _locked(appointment)
    checked = _appointment_values(values, now=timezone.now())
    check_unchanged(current, expected_version, saved=checked)
    if current.status != Appointment.Status.PLANNED:
        raise ValidationError("This appointment has been held or cancelled: it cannot change.")
    was_shown = current.shown_to_family
    changed = sorted(k for k, v in checked.items() if getattr(current, k) != v)
    saved = update_if_unchanged(
        current, expected_version, updated_by=actor, updated_at=timezone.now(), **checked
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=saved,
        family_id=saved.family_id,
        detail={"changed": changed},
    )
    if changed and (was_shown or saved.shown_to_family):
        _tell_parents(saved, request)
    return saved


@atomic_action
def cancel_appointment(
    *,
    actor: Any,
    appointment: Appointment,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """A worker cancels a planned appointment; it stays, marked cancelled, with why (the parent
    sees that it is cancelled; the chronology shows it)."""
    require(actor, Action.ARRANGE_APPOINTMENT, family=appointment.family, request=request)
    current = _locked(appointment)
    reason = reason.strip()
    if len(reason) > CANCEL_REASON_LIMIT:
        raise ValidationError(
            {"reason": f"The reason must be {CANCEL_REASON_LIMIT} characters or fewer"}
        )
    if current.status != Appointment.Status.PLANNED:
        raise ValidationError("This appointment has already been held or cancelled.")
    saved = update_if_unchanged(
        current,
        current.version,
        status=Appointment.Status.CANCELLED,
        cancel_reason=reason,
        updated_by=actor,
        updated_at=timezone.now(),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=saved,
        family_id=saved.family_id,
        detail={"status": "cancelled"},
    )
    if saved.shown_to_family:
        _tell_parents(saved, request)
    return saved


@atomic_action
def mark_appointment_held(
    *, actor: Any, appointment: Appointment, request: HttpRequest | None = None
) -> Appointment:
    """A worker records that a planned appointment took place (once its time has come): it goes
    into the family's chronology."""
    require(actor, Action.ARRANGE_APPOINTMENT, family=appointment.family, request=request)
    current = _locked(appointment)
    if current.status != Appointment.Status.PLANNED:
        raise ValidationError("This appointment has already been held or cancelled.")
    if current.starts_at > timezone.now():
        raise ValidationError("An appointment can be marked as held once it has started.")
    saved = update_if_unchanged(
        current,
        current.version,
        status=Appointment.Status.HELD,
        updated_by=actor,
        updated_at=timezone.now(),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=saved,
        family_id=saved.family_id,
        detail={"status": "held"},
    )
    return saved


def ask_to_rearrange(
    *,
    actor: Any,
    appointment: Appointment,
    body: str,
    request: HttpRequest | None = None,
) -> Message:
    """A parent asks to move an appointment shown to them: a message in the family's thread that
    names the appointment (its date and what it is), so the worker knows which one."""
    require(actor, Action.SEE_APPOINTMENTS, family=appointment.family, request=request)
    if not appointment.shown_to_family or appointment.status != Appointment.Status.PLANNED:
        raise policy.deny(
            actor,
            Action.SEE_APPOINTMENTS,
            family=appointment.family,
            request=request,
            reason="This appointment is not one you can ask to move.",
        )
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Say when would suit you better, or why it does not work"})
    when = timezone.localtime(appointment.starts_at)
    heading = f"Can we rearrange the {appointment.title.lower()} on {when.day} {when:%B at %H:%M}?"
    return send_message(
        actor=actor,
        family=appointment.family,
        body=f"{heading}\n\n{body}",
        appointment=appointment,
        request=request,
    )
