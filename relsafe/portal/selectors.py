"""Who sees the family portal's safety features, and when the interruption page is due.

``shows_exit_this_page`` is the one place that decides where "Exit this page" appears; the
template shell (``context_processors.exit_this_page``) only asks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.accounts.people import AnyUser
from relsafe.accounts.roles import FAMILY_ROLES
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Carer, Family, YoungPerson
from relsafe.portal.models import (
    Appointment,
    CheckIn,
    ExitGuidanceSeen,
    Invitation,
    Message,
    MessageRead,
    SpaceEntry,
    YoungPersonSpace,
)


def shows_exit_this_page(user: AnyUser | None) -> bool:
    """Parents and young people see it on every page, and so does anyone not signed in: the
    sign-in pages and the safety page are where a parent may be before we know who they are.
    Staff never see it: it would sign them out of their casework for nothing."""
    if not isinstance(user, User) or not user.is_authenticated:
        return True
    return user.role in FAMILY_ROLES


def needs_exit_guidance(user: User) -> bool:
    """A parent or young person who has not yet been shown how to leave quickly."""
    return (
        user.is_authenticated
        and user.role in FAMILY_ROLES
        and not ExitGuidanceSeen.objects.filter(user=user).exists()
    )


def page_after_sign_in(*, user: User, wanted: str) -> str | None:
    """The interruption page first, for a parent or young person who has not seen it, carrying on
    afterwards to the page they wanted (``wanted`` is a URL or a URL name, already checked to be
    on this site); None for everyone else. Asked by sign-in through ``accounts.hooks``."""
    if not needs_exit_guidance(user):
        return None
    target = resolve_url(wanted)
    url = reverse("portal:interruption")
    if target != resolve_url(settings.LOGIN_REDIRECT_URL):
        url = f"{url}?{urlencode({'next': target})}"
    return url


# --- Invitations ----------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What is kept of a link's token: a SHA-256 (the token has 256 random bits, so no salt or
    slow hash is needed to stop a guess)."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_from_link(token: str) -> tuple[Invitation | None, str]:
    """The invitation a link carries and its state (``open``, ``used``, ``withdrawn``,
    ``expired``, or ``unknown`` with None). No case data is read."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None:
        return None, "unknown"
    return invitation, invitation.state()


@dataclass(frozen=True)
class PortalMember:
    """One parent, carer or young person on the family page's portal section."""

    kind: str  # "carer" or "young_person"
    person: Any
    account: Any
    invitation: Invitation | None
    invitation_state: str
    space_on: bool
    unread: int = 0  # a young person's own messages the worker has not opened


def portal_members(*, user: Any, family: Family) -> list[PortalMember] | None:
    """Each family member with their account, latest link and (for a young person) whether their
    space is on; None unless this person does this kind of work. The family was opened by
    ``get_family`` (audited there, carers and children prefetched); three queries whatever the
    family's size."""
    if not policy.can(user, Action.INVITE_TO_PORTAL):
        return None
    people: list[tuple[str, Any]] = [("carer", c) for c in family.carers.all()]
    people += [("young_person", y) for y in family.young_people.all()]
    account_ids = [p.portal_user_id for _, p in people if p.portal_user_id]
    accounts = {u.pk: u for u in User.objects.filter(pk__in=account_ids)} if account_ids else {}
    latest: dict[str, Invitation] = {}
    for invitation in Invitation.objects.filter(family=family).order_by("-created_at", "-pk"):
        key = (
            f"carer:{invitation.carer_id}"
            if invitation.carer_id
            else f"young_person:{invitation.young_person_id}"
        )
        latest.setdefault(key, invitation)
    spaces_on = set(
        YoungPersonSpace.objects.filter(young_person__family=family, is_on=True).values_list(
            "young_person_id", flat=True
        )
    )
    unread = unread_from_young_people(user=user, family=family)
    now = timezone.now()
    members = []
    for kind, person in people:
        last = latest.get(f"{kind}:{person.pk}")
        members.append(
            PortalMember(
                kind=kind,
                person=person,
                account=accounts.get(person.portal_user_id),
                invitation=last,
                invitation_state=last.state(now) if last else "",
                space_on=kind == "young_person" and person.pk in spaces_on,
                unread=unread.get(person.pk, 0) if kind == "young_person" else 0,
            )
        )
    return members


def family_member(
    *, user: Any, family_pk: int, kind: str, pk: int, request: HttpRequest | None = None
) -> Carer | YoungPerson:
    """A carer or young person of a family this person may invite into the portal, or a 404."""
    model: type[Carer] | type[YoungPerson] = Carer if kind == "carer" else YoungPerson
    person = (
        model.objects.filter(
            family__in=policy.families_for(user, Action.INVITE_TO_PORTAL),
            family_id=family_pk,
            pk=pk,
        )
        .select_related("family", "portal_user")
        .first()
        if kind in ("carer", "young_person")
        else None
    )
    if person is None:
        raise policy.not_found(
            user,
            Action.INVITE_TO_PORTAL,
            object_type=f"cases.{kind.replace('_', '')}",
            object_id=pk,
            request=request,
        )
    return person


def get_invitation(*, user: Any, pk: int, request: HttpRequest | None = None) -> Invitation:
    invitation = (
        Invitation.objects.filter(
            family__in=policy.families_for(user, Action.INVITE_TO_PORTAL), pk=pk
        )
        .select_related("family", "carer", "young_person")
        .first()
    )
    if invitation is None:
        raise policy.not_found(
            user,
            Action.INVITE_TO_PORTAL,
            object_type="portal.invitation",
            object_id=pk,
            request=request,
        )
    return invitation


# --- The family's own family (a parent or young person) -----------------------------------------------


def family_of_member(*, user: Any, action: Action) -> Family | None:
    """The one family a parent or young person belongs to, if they may do ``action`` there."""
    return policy.families_for(user, action).first()


def _audit_read(user: Any, obj: Any, family: Family, request: HttpRequest | None) -> None:
    reason = policy.access_reason(user, family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=obj,
        family_id=family.pk,
        reason=reason.value if reason else "",
    )


# --- Messages -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thread:
    family: Family
    messages: list[Message]
    from_family_side: bool  # whether the reader writes as the family
    young_person: YoungPerson | None = None  # a young person's own thread (item 3)


def _thread(
    user: Any,
    family: Family,
    from_family_side: bool,
    request: Any,
    young_person: YoungPerson | None = None,
) -> Thread:
    messages = list(
        Message.objects.filter(thread__family=family, thread__young_person=young_person)
        .select_related("author", "appointment")
        .prefetch_related(Prefetch("reads", queryset=MessageRead.objects.select_related("reader")))
        .order_by("sent_at", "pk")
    )
    _audit_read(user, young_person or family, family, request)
    return Thread(
        family=family,
        messages=messages,
        from_family_side=from_family_side,
        young_person=young_person,
    )


def own_thread(*, user: Any, request: HttpRequest | None = None) -> Thread | None:
    """A parent's messages with their workers, or None before they are linked to a family."""
    family = family_of_member(user=user, action=Action.MESSAGE_WORKER)
    if family is None:
        return None
    return _thread(user, family, True, request)


def family_thread(*, user: Any, family_pk: int, request: HttpRequest | None = None) -> Thread:
    """A worker's view of one family's messages, or a 404 for a family they may not message."""
    family = policy.families_for(user, Action.MESSAGE_FAMILY).filter(pk=family_pk).first()
    if family is None:
        raise policy.not_found(
            user,
            Action.MESSAGE_FAMILY,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )
    return _thread(user, family, False, request)


def own_young_person(*, user: Any) -> YoungPerson | None:
    """The young person this account belongs to, if they may message their worker (their space
    is open: a worker decided they are ready)."""
    young_person = (
        YoungPerson.objects.filter(
            portal_user=user, family__in=policy.families_for(user, Action.MESSAGE_OWN_WORKER)
        )
        .select_related("family")
        .first()
    )
    if young_person is None or not policy.can(user, Action.MESSAGE_OWN_WORKER, record=young_person):
        return None
    if not space_is_on(young_person=young_person):
        return None
    return young_person


def own_young_person_thread(*, user: Any, request: HttpRequest | None = None) -> Thread | None:
    """A young person's own messages with their workers (never their parents'), or None when
    they have no open space."""
    young_person = own_young_person(user=user)
    if young_person is None:
        return None
    return _thread(user, young_person.family, True, request, young_person)


def young_person_thread(*, user: Any, pk: int, request: HttpRequest | None = None) -> Thread:
    """A worker's side of one young person's own messages, or a 404."""
    young_person = (
        YoungPerson.objects.filter(
            family__in=policy.families_for(user, Action.MESSAGE_FAMILY), pk=pk
        )
        .select_related("family")
        .first()
    )
    if young_person is None:
        raise policy.not_found(
            user,
            Action.MESSAGE_FAMILY,
            object_type="cases.youngperson",
            object_id=pk,
            request=request,
        )
    return _thread(user, young_person.family, False, request, young_person)


def get_message_file(*, user: Any, pk: int, request: HttpRequest | None = None) -> Message:
    """A message's file, for either side of its thread (a parent never a young person's thread,
    a young person only their own); audited as an export."""
    messages = Message.objects.filter(
        thread__family__in=policy.families_for(user, Action.MESSAGE_FAMILY)
    )
    if policy.can(user, Action.MESSAGE_WORKER):
        messages = Message.objects.filter(
            thread__family__in=policy.families_for(user, Action.MESSAGE_WORKER),
            thread__young_person__isnull=True,
        )
    elif policy.can(user, Action.MESSAGE_OWN_WORKER):
        messages = Message.objects.filter(thread__young_person__portal_user=user)
    message = messages.filter(pk=pk).exclude(stored_name="").select_related("thread").first()
    if message is None:
        raise policy.not_found(
            user, Action.MESSAGE_FAMILY, object_type="portal.message", object_id=pk, request=request
        )
    record(
        action=AuditAction.EXPORT,
        actor=user,
        request=request,
        obj=message,
        family_id=message.thread.family_id,
        detail={"file": True},
    )
    return message


def unread_count(
    *, user: Any, family: Family, from_family: bool, young_person: YoungPerson | None = None
) -> int:
    """Messages from the other side of one thread (the family's, or a young person's own) this
    person has not opened yet (no case data: a number)."""
    return (
        Message.objects.filter(
            thread__family=family, thread__young_person=young_person, from_family=from_family
        )
        .exclude(reads__reader=user)
        .count()
    )


def unread_from_young_people(*, user: Any, family: Family) -> dict[int, int]:
    """For the family page: per young person, their messages this worker has not opened."""
    rows = (
        Message.objects.filter(
            thread__family=family, thread__young_person__isnull=False, from_family=True
        )
        .exclude(reads__reader=user)
        .values("thread__young_person_id")
        .annotate(count=Count("pk"))
    )
    return {row["thread__young_person_id"]: row["count"] for row in rows}


def new_messages_from_families(*, user: Any) -> list[dict[str, Any]]:
    """A worker's start page: each thread (a family's, or a young person's own) of the families
    they may message with messages they have not opened, newest first (one query)."""
    rows = (
        Message.objects.filter(
            thread__family__in=policy.families_for(user, Action.MESSAGE_FAMILY), from_family=True
        )
        .exclude(reads__reader=user)
        .values(
            "thread__family_id",
            "thread__family__reference",
            "thread__family__name",
            "thread__young_person_id",
            "thread__young_person__first_name",
            "thread__young_person__preferred_name",
        )
        .annotate(count=Count("pk"), latest=Max("sent_at"))
        .order_by("-latest")
    )
    return [
        {
            "family_pk": row["thread__family_id"],
            "reference": row["thread__family__reference"],
            "name": row["thread__family__name"],
            "young_person_pk": row["thread__young_person_id"],
            "young_person_name": row["thread__young_person__preferred_name"]
            or row["thread__young_person__first_name"]
            or "",
            "count": row["count"],
            "latest": row["latest"],
        }
        for row in rows
    ]


# --- Check-ins ------------------------------------------------------------------------------------------


def check_in_trend(
    user: Any, family: Family, *, request: HttpRequest | None = None
) -> list[CheckIn]:
    """A family's check-ins, oldest first, for whoever may see them: the workers with the family
    see every parent's; a parent sees only their own. Empty for anyone else. Audited when there
    is something to see. The outcomes app reads this (issue 12)."""
    if not policy.can(user, Action.VIEW_CHECK_INS, family=family):
        return []
    check_ins = CheckIn.objects.filter(family=family).select_related("person")
    if policy.can(user, Action.CHECK_IN, family=family):
        check_ins = check_ins.filter(person=user)
    result = list(check_ins.order_by("recorded_at", "pk"))
    if result:
        _audit_read(user, family, family, request)
    return result


def latest_check_in(*, user: Any) -> CheckIn | None:
    """A parent's own latest check-in, for their start page (their own answers: no audit)."""
    return CheckIn.objects.filter(person=user).order_by("-recorded_at", "-pk").first()


def family_for_check_ins(
    *, user: Any, family_pk: int, request: HttpRequest | None = None
) -> Family:
    family = policy.families_for(user, Action.VIEW_CHECK_INS).filter(pk=family_pk).first()
    if family is None or not policy.can(user, Action.VIEW_CHECK_INS, family=family):
        raise policy.not_found(
            user,
            Action.VIEW_CHECK_INS,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )
    return family


# --- The young person's space ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Space:
    young_person: YoungPerson
    is_on: bool
    latest: SpaceEntry | None


def own_space(*, user: Any, request: HttpRequest | None = None) -> Space | None:
    """A young person's own space: themselves, whether it is on, what they last said."""
    young_person = (
        YoungPerson.objects.filter(
            portal_user=user, family__in=policy.families_for(user, Action.USE_SPACE)
        )
        .select_related("family")
        .first()
    )
    if young_person is None or not policy.can(user, Action.USE_SPACE, record=young_person):
        return None
    space = YoungPersonSpace.objects.filter(young_person=young_person).first()
    latest = SpaceEntry.objects.filter(young_person=young_person).first()
    if latest is not None:
        _audit_read(user, latest, young_person.family, request)
    return Space(young_person=young_person, is_on=bool(space and space.is_on), latest=latest)


def latest_space_entry(*, young_person: YoungPerson) -> SpaceEntry | None:
    """What the child last said in their space, for their profile: the profile was opened (and
    audited) by ``cases.selectors.get_young_person``."""
    return SpaceEntry.objects.filter(young_person=young_person).first()


def space_is_on(*, young_person: YoungPerson) -> bool:
    return YoungPersonSpace.objects.filter(young_person=young_person, is_on=True).exists()


# --- Appointments and meetings ----------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyAppointments:
    family: Family
    upcoming: list[Appointment]  # planned, not yet over, soonest first
    past: list[Appointment]  # over, held or cancelled, latest first


def family_appointments(
    *, user: Any, family_pk: int, request: HttpRequest | None = None
) -> FamilyAppointments:
    """A worker's view of a family's appointments (shown to the family or not), or a 404."""
    family = policy.families_for(user, Action.ARRANGE_APPOINTMENT).filter(pk=family_pk).first()
    if family is None:
        raise policy.not_found(
            user,
            Action.ARRANGE_APPOINTMENT,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )
    now = timezone.now()
    every = list(
        Appointment.objects.filter(family=family).select_related("created_by", "updated_by")
    )
    upcoming = [a for a in every if a.status == Appointment.Status.PLANNED and a.ends_at >= now]
    past = [a for a in every if a not in upcoming]
    past.sort(key=lambda a: (a.starts_at, a.pk), reverse=True)
    _audit_read(user, family, family, request)
    return FamilyAppointments(family=family, upcoming=upcoming, past=past)


def get_appointment(*, user: Any, pk: int, request: HttpRequest | None = None) -> Appointment:
    """One appointment of a family this worker works with, or a 404 (audited)."""
    appointment = (
        Appointment.objects.filter(
            family__in=policy.families_for(user, Action.ARRANGE_APPOINTMENT), pk=pk
        )
        .select_related("family", "updated_by")
        .first()
    )
    if appointment is None:
        raise policy.not_found(
            user,
            Action.ARRANGE_APPOINTMENT,
            object_type="portal.appointment",
            object_id=pk,
            request=request,
        )
    _audit_read(user, appointment, appointment.family, request)
    return appointment


def _own_shown(user: Any) -> Any:
    return Appointment.objects.filter(
        family__in=policy.families_for(user, Action.SEE_APPOINTMENTS), shown_to_family=True
    )


def own_appointments(
    *, user: Any, limit: int | None = None, request: HttpRequest | None = None
) -> list[Appointment]:
    """A parent's coming appointments shown to them, soonest first, including cancelled ones
    still ahead (so they know not to come). Audited when there is something to see."""
    if not policy.can(user, Action.SEE_APPOINTMENTS):
        return []
    rows = (
        _own_shown(user).filter(ends_at__gte=timezone.now()).exclude(status=Appointment.Status.HELD)
    )
    result = list(rows.select_related("family").order_by("starts_at", "pk")[:limit])
    if result:
        _audit_read(user, result[0].family, result[0].family, request)
    return result


def own_appointment(*, user: Any, pk: int, request: HttpRequest | None = None) -> Appointment:
    """One appointment shown to this parent's family, or a 404 (another family's, or one not
    shown to the family, looks the same as one that does not exist)."""
    appointment = _own_shown(user).filter(pk=pk).select_related("family").first()
    if appointment is None:
        raise policy.not_found(
            user,
            Action.SEE_APPOINTMENTS,
            object_type="portal.appointment",
            object_id=pk,
            request=request,
        )
    _audit_read(user, appointment, appointment.family, request)
    return appointment


def calendar_shows_detail(*, user: Any, family: Family) -> bool:
    """Whether this parent chose calendar entries that say what the appointment is (their
    safe-contact decision, ``calendar_shows_detail``); otherwise they say "Appointment"."""
    from relsafe.cases.selectors import current_safe_contact

    carer = Carer.objects.filter(portal_user=user, family=family).first()
    if carer is None:
        return False
    decision = current_safe_contact(carer)
    return bool(decision and decision.calendar_shows_detail)


def worker_week(*, user: Any) -> list[Appointment]:
    """A worker's start page: the planned appointments from the start of today to a week ahead,
    that they arranged or that are with a family allocated to them (one query)."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    families = policy.families_for(user, Action.ARRANGE_APPOINTMENT)
    return list(
        Appointment.objects.filter(
            family__in=families,
            status=Appointment.Status.PLANNED,
            starts_at__gte=today,
            starts_at__lt=today + dt.timedelta(days=8),
        )
        .filter(
            Q(created_by=user)
            | Q(family__allocations__worker=user, family__allocations__ended_at__isnull=True)
        )
        .select_related("family")
        .distinct()
        .order_by("starts_at", "pk")
    )


def next_appointment(*, family: Family) -> Appointment | None:
    """The family page's portal section: the next planned appointment (the family was opened
    and audited by the page)."""
    return (
        Appointment.objects.filter(
            family=family, status=Appointment.Status.PLANNED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


def appointment_events(family: Family) -> list[Appointment]:
    """Held and cancelled appointments, oldest first, for the chronology (the family was opened
    and audited by the chronology page)."""
    return list(
        Appointment.objects.filter(
            family=family,
            status__in=[Appointment.Status.HELD, Appointment.Status.CANCELLED],
        )
        .select_related("updated_by")
        .order_by("starts_at", "pk")
    )
