"""Changes to people and their sign-in factors. Every change here is audited."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from typing import Any, NoReturn, cast

import webauthn
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidJSONStructure,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from relsafe.accounts.models import (
    Organisation,
    RoleChangeRequest,
    SecurityKey,
    Team,
    User,
    UserSession,
)
from relsafe.accounts.reauth import mark_reauthenticated
from relsafe.accounts.roles import ROLE_PERMISSIONS, ROLE_REACH, Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record, record_refusal

RECOVERY_CODE_COUNT = 10

# Session keys of the two-step sign-in and of step-up (see "Two-step sign-in" below).
PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 5 * 60
# Wrong codes allowed in one pending sign-in before the password must be entered again. The
# devices' own throttling (django-otp: doubling delay after each failure) limits guessing further.
MAX_CODE_ATTEMPTS = 5
# The unconfirmed authenticator a member of staff is adding during their first sign-in.
ENROL_KEY = "pending_totp_device"
# The unconfirmed authenticator a signed-in person is adding from "Your account".
ACCOUNT_ENROL_KEY = "account_totp_device"
REAUTH_FAILURES_KEY = "reauth_failures"
SIGNED_IN_AT_KEY = "signed_in_at"
LAST_ACTIVITY_KEY = "last_activity"


def sync_role_groups() -> None:
    """One Django group per role carrying that role's permissions (run after every migrate)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=Role(role).label)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


@transaction.atomic
def create_person(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    organisation: Organisation | None = None,
    team: Team | None = None,
    created_by: Any = None,
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        role=role,
        organisation=organisation,
        team=team,
    )
    return finish_new_person(user=user, created_by=created_by)


@transaction.atomic
def finish_new_person(*, user: User, created_by: Any) -> User:
    """What every new person gets, however they were created: the role's group and admin flag."""
    user.is_staff = user.role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff"])
    user.groups.set([Group.objects.get_or_create(name=Role(user.role).label)[0]])
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=created_by,
        obj=user,
        detail={"role": user.role, "created": True},
    )
    return user


# --- Who manages whom, and changes that open case data ------------------------------------------


class NotPermitted(PermissionDenied):
    """A change to people that the acting person may not make. Audited (access_denied) before it
    is raised; a view shows it as a 403, a form as an error."""


def may_manage(actor: User, person: User) -> bool:
    """An active administrator manages the people of their own organisation, and nobody else."""
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role == Role.ADMINISTRATOR
        and actor.organisation_id is not None
        and person.organisation_id == actor.organisation_id
    )


def _refuse(*, actor: User, person: User | None, reason: str) -> NoReturn:
    record(
        action=AuditAction.ACCESS_DENIED,
        actor=actor,
        obj=person,
        object_type="" if person is not None else "accounts.user",
        reason=reason,
    )
    raise NotPermitted(reason)


def _check_manages(actor: User, person: User) -> None:
    if not may_manage(actor, person):
        _refuse(
            actor=actor,
            person=person,
            reason="administrators manage only the people of their own organisation",
        )


def _check_acts_for(actor: User, person: User) -> None:
    """The person themselves, their organisation's administrator, or the system (no actor)."""
    if actor is None or getattr(actor, "pk", None) == person.pk:
        return
    _check_manages(actor, person)


def check_work(*, actor: User, person: User, role: str, team: Team | None) -> None:
    """Whether ``actor`` may give ``person`` this role and team; raises NotPermitted (audited)
    or ValidationError (a role or team that does not fit the organisation). For forms to ask
    before saving, and for every service that changes someone's work."""
    _check_manages(actor, person)
    current = User.objects.filter(pk=person.pk).values("role", "team_id").first()
    if (
        current is not None
        and actor.pk == person.pk
        and (current["role"] != role or current["team_id"] != (team.pk if team else None))
    ):
        _refuse(actor=actor, person=person, reason="nobody changes their own role or team")
    _check_fits_organisation(
        person=person,
        role=role,
        team=team,
        new_role=current is None or current["role"] != role,
    )


def _check_fits_organisation(
    *, person: User, role: str, team: Team | None, new_role: bool = True
) -> None:
    """A team of the person's own organisation; a police role only in a police force (checked
    when the role is given, so an older account is not stopped from other changes)."""
    organisation = person.organisation
    if team is not None and team.organisation_id != person.organisation_id:
        raise ValidationError({"team": "Choose a team in the person's own organisation."})
    if (
        new_role
        and role == Role.POLICE_ANALYST
        and (organisation is None or organisation.kind != Organisation.Kind.POLICE)
    ):
        raise ValidationError(
            {"role": "Only a police force's people can be police liaison officers or analysts."}
        )


@dataclass(frozen=True)
class Work:
    """What someone's access depends on: their role, their team, and whether they are switched on."""

    role: str
    team_id: int | None
    is_active: bool

    @classmethod
    def of(cls, person: User) -> Work:
        return cls(person.role, person.team_id, person.is_active)

    def reach(self) -> set[tuple[str, Any]]:
        """What this work opens (``ROLE_REACH``, and membership of a team); nothing when off."""
        if not self.is_active:
            return set()
        opened: set[tuple[str, Any]] = {(route, None) for route in ROLE_REACH[self.role]}
        if self.team_id is not None:
            opened.add(("team", self.team_id))
        return opened


def needs_approval(before: Work, after: Work) -> bool:
    """A change that opens anything ``before`` did not: a route to case data (or the
    administrator's reach) the role did not give, a team the person was not in, or being
    switched on with either. A change that only narrows (a manager back to casework, a social
    worker to commissioner, leaving a team, switching off) never waits."""
    return not after.reach() <= before.reach()


def _describe(work: Work) -> dict[str, Any]:
    return {"role": work.role, "team": work.team_id, "active": work.is_active}


def _apply_work(
    *, person: User, after: Work, by: Any, detail: dict[str, Any] | None = None
) -> None:
    """Make the change: the role's group and admin flag follow the role, each part is audited,
    and a role change ends the person's sessions, so nobody keeps a page open with the old
    role's reach and the new role applies from their next sign-in."""
    before = Work.of(User.objects.get(pk=person.pk))
    extra = detail or {}
    if before.is_active and not after.is_active:
        # Sessions end first so the entry names who ended them; the post_save signal catches
        # any opened in between.
        _end_sessions(user=person, except_key=None, ended_by=by)
    person.role, person.team_id, person.is_active = after.role, after.team_id, after.is_active
    person.is_staff = after.role == Role.ADMINISTRATOR
    person.save(update_fields=["role", "team", "is_active", "is_staff"])
    if before.role != after.role:
        person.groups.set([Group.objects.get_or_create(name=Role(after.role).label)[0]])
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=by,
            obj=person,
            detail={"from": before.role, "to": after.role, **extra},
        )
        _end_sessions(user=person, except_key=None, ended_by=by)
    if before.team_id != after.team_id:
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=by,
            obj=person,
            detail={"team_from": before.team_id, "team_to": after.team_id, **extra},
        )
    if before.is_active != after.is_active:
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=by,
            obj=person,
            detail={"is_active": after.is_active, **extra},
        )


def _ask_for_approval(
    *, person: User, before: Work, after: Work, asked_by: User, new_person: bool = False
) -> RoleChangeRequest:
    replaced = list(
        RoleChangeRequest.objects.filter(
            person=person, status=RoleChangeRequest.Status.PENDING
        ).values_list("pk", flat=True)
    )
    RoleChangeRequest.objects.filter(pk__in=replaced).update(
        status=RoleChangeRequest.Status.WITHDRAWN, decided_by=asked_by, decided_at=timezone.now()
    )
    change = RoleChangeRequest.objects.create(
        person=person,
        organisation=cast(Organisation, person.organisation),  # may_manage: never None here
        from_role=before.role,
        to_role=after.role,
        from_team_id=before.team_id,
        to_team_id=after.team_id,
        from_active=before.is_active,
        to_active=after.is_active,
        new_person=new_person,
        requested_by=asked_by,
    )
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=asked_by,
        obj=person,
        reason="waiting for a second administrator's approval",
        detail={
            "approval": "requested",
            "request": change.pk,
            "from": _describe(before),
            "to": _describe(after),
            **({"replaces": replaced} if replaced else {}),
        },
    )
    return change


def change_work(
    *, person: User, role: str, team: Team | None, is_active: bool, changed_by: Any
) -> RoleChangeRequest | None:
    """The one way an administrator changes someone's role, team or switched-on flag.

    Only an administrator of the person's own organisation, never for their own role or team
    (``check_work``). A change that takes access away applies at once; one that opens case data
    or control (``needs_approval``) changes nothing yet: the whole change waits, as a
    RoleChangeRequest, for another administrator of the organisation to approve. Returns that
    request, or None when the change was made.
    """
    check_work(actor=changed_by, person=person, role=role, team=team)
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=person.pk)
        before = Work.of(current)
        after = Work(role, team.pk if team else None, is_active)
        if before == after:
            return None
        if needs_approval(before, after):
            return _ask_for_approval(
                person=current, before=before, after=after, asked_by=changed_by
            )
        _apply_work(person=person, after=after, by=changed_by)
        return None


def change_role(*, user: User, role: str, changed_by: Any) -> RoleChangeRequest | None:
    """Change only the role (see ``change_work``): at once if it narrows access, otherwise a
    request waiting for a second administrator."""
    return change_work(
        person=user, role=role, team=user.team, is_active=user.is_active, changed_by=changed_by
    )


def check_new_person(*, actor: User, person: User) -> None:
    """Whether ``actor`` may add this (unsaved) person: only to their own organisation, in a role
    and team that fit it. Raises NotPermitted (audited) or ValidationError."""
    if not may_manage(actor, person):
        _refuse(
            actor=actor,
            person=None,
            reason="administrators add people only to their own organisation",
        )
    _check_fits_organisation(person=person, role=person.role, team=person.team)


def add_person(*, person: User, added_by: Any) -> RoleChangeRequest | None:
    """An administrator adds someone to their own organisation (``person`` is the unsaved
    account, password already set). A role or team that opens case data waits for a second
    administrator: the account is kept switched off until then, and the request is returned."""
    check_new_person(actor=added_by, person=person)
    with transaction.atomic():
        wanted = Work(person.role, person.team_id, True)
        waits = needs_approval(Work(person.role, None, False), wanted)
        person.is_active = not waits
        person.save()
        finish_new_person(user=person, created_by=added_by)
        if not waits:
            return None
        return _ask_for_approval(
            person=person,
            before=Work(person.role, person.team_id, False),
            after=wanted,
            asked_by=added_by,
            new_person=True,
        )


def _check_decides(*, change: RoleChangeRequest, actor: User, approving: bool) -> None:
    deciding_for = change.person
    if not (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role == Role.ADMINISTRATOR
        and actor.organisation_id == change.organisation_id
    ):
        _refuse(
            actor=actor,
            person=deciding_for,
            reason="only another administrator of the person's organisation decides this",
        )
    if actor.pk == deciding_for.pk:
        _refuse(actor=actor, person=deciding_for, reason="nobody decides a change to themselves")
    if approving and actor.pk == change.requested_by_id:
        _refuse(
            actor=actor,
            person=deciding_for,
            reason="a change that opens case data needs a second administrator's approval",
        )


def approve_role_change(*, change: RoleChangeRequest, approved_by: Any) -> RoleChangeRequest:
    """A second administrator of the organisation (not whoever asked, not the person) approves:
    the change is made now and audited as approved. If the person's work has changed since it
    was asked, nothing is made and the request is marked out of date (WITHDRAWN)."""
    _check_decides(change=change, actor=approved_by, approving=True)
    with transaction.atomic():
        change = RoleChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != RoleChangeRequest.Status.PENDING:
            return change
        person = User.objects.select_for_update().get(pk=change.person_id)
        now_status = RoleChangeRequest.Status.APPROVED
        if Work.of(person) != Work(change.from_role, change.from_team_id, change.from_active):
            now_status = RoleChangeRequest.Status.WITHDRAWN
        change.status, change.decided_by, change.decided_at = (
            now_status,
            approved_by,
            timezone.now(),
        )
        change.save(update_fields=["status", "decided_by", "decided_at"])
        decision = {"request": change.pk, "requested_by": change.requested_by_id}
        if now_status == RoleChangeRequest.Status.WITHDRAWN:
            record(
                action=AuditAction.PERMISSION_CHANGE,
                actor=approved_by,
                obj=person,
                reason="not made: the person's work changed after it was asked",
                detail={"approval": "out of date", **decision},
            )
            return change
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=approved_by,
            obj=person,
            reason="approved by a second administrator",
            detail={"approval": "approved", **decision},
        )
        _apply_work(
            person=person,
            after=Work(change.to_role, change.to_team_id, change.to_active),
            by=approved_by,
            detail={"approved": change.pk},
        )
        return change


def reject_role_change(*, change: RoleChangeRequest, rejected_by: Any) -> RoleChangeRequest:
    """Another administrator of the organisation turns the change down (or whoever asked
    withdraws it); nothing about the person changes."""
    _check_decides(change=change, actor=rejected_by, approving=False)
    with transaction.atomic():
        change = RoleChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != RoleChangeRequest.Status.PENDING:
            return change
        withdrawn = rejected_by.pk == change.requested_by_id
        change.status = (
            RoleChangeRequest.Status.WITHDRAWN if withdrawn else RoleChangeRequest.Status.REJECTED
        )
        change.decided_by, change.decided_at = rejected_by, timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=rejected_by,
            obj=change.person,
            reason="withdrawn by whoever asked"
            if withdrawn
            else "rejected by a second administrator",
            detail={
                "approval": "withdrawn" if withdrawn else "rejected",
                "request": change.pk,
                "requested_by": change.requested_by_id,
            },
        )
        return change


# Set on the request by ``sign_out`` and read by the ``user_logged_out`` receiver (signals.py):
# Django's logout() passes no extra arguments, and the sign-out must stay one audit entry.
SIGN_OUT_DETAIL_ATTR = "relsafe_sign_out_detail"


@transaction.atomic
def sign_out(*, request: HttpRequest, quick_exit: bool = False) -> None:
    """End this browser's session on the server: the session row goes, and the receiver of
    Django's ``user_logged_out`` removes its ``UserSession`` record and writes the SIGN_OUT
    entry. ``quick_exit`` marks a sign-out by "Exit this page", so the trail tells the two apart.
    Safe for someone not signed in: their (anonymous) session is emptied and nothing is audited.
    """
    if quick_exit:
        setattr(request, SIGN_OUT_DETAIL_ATTR, {"quick_exit": True})
    logout(request)


def _delete_session(session_key: str) -> None:
    """Delete through the configured session engine, so it works whatever stores sessions."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session_key).delete(session_key)


def end_sessions(*, user: User, except_key: str | None = None, ended_by: Any = None) -> int:
    """End a person's sessions on the server, so a stolen cookie stops working at once. By the
    person, an administrator of their organisation, or the system (``ended_by=None``)."""
    _check_acts_for(ended_by, user)
    with transaction.atomic():
        return _end_sessions(user=user, except_key=except_key, ended_by=ended_by)


def _end_sessions(*, user: User, except_key: str | None, ended_by: Any) -> int:
    keys = list(
        UserSession.objects.filter(user=user)
        .exclude(session_key=except_key or "")
        .values_list("session_key", flat=True)
    )
    for key in keys:
        _delete_session(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    if keys:
        record(
            action=AuditAction.SESSION_ENDED,
            actor=ended_by,
            obj=user,
            detail={"count": len(keys)},
        )
    return len(keys)


def end_session(
    *,
    user: User,
    session_id: int,
    current_key: str | None,
    ended_by: Any,
    request: HttpRequest | None = None,
) -> None:
    """End one of this person's *other* sessions. Someone else's session id is a 404, not a 403,
    and the refusal is audited (before any transaction, so no rollback takes the entry away)."""
    _check_acts_for(ended_by, user)
    target = (
        UserSession.objects.filter(pk=session_id, user=user)
        .exclude(session_key=current_key or "")
        .first()
    )
    if target is None:
        record_refusal(
            actor=ended_by,
            attempted="end_session",
            request=request,
            object_type="accounts.usersession",
            object_id=session_id,
            reason="not one of their other sessions",
        )
        raise Http404("No such session")
    with transaction.atomic():
        _delete_session(target.session_key)
        record(
            action=AuditAction.SESSION_ENDED,
            actor=ended_by,
            request=request,
            obj=target,
            detail={"count": 1, "person": user.pk},
        )
        target.delete()


def deactivate_person(*, user: User, deactivated_by: Any) -> None:
    """Sign-in stops and every session ends at once (ASVS 7.4.2). Never waits for approval:
    taking access away must not. By an administrator of the person's organisation (or the
    system, ``deactivated_by=None``)."""
    _check_acts_for(deactivated_by, user)
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        if not current.is_active:
            return
        _apply_work(
            person=user, after=Work(current.role, current.team_id, False), by=deactivated_by
        )


def reactivate_person(*, user: User, reactivated_by: Any) -> RoleChangeRequest | None:
    """Switch someone back on: waits for a second administrator when their role or team opens
    case data (see ``change_work``)."""
    current = User.objects.get(pk=user.pk)
    return change_work(
        person=user,
        role=current.role,
        team=current.team,
        is_active=True,
        changed_by=reactivated_by,
    )


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device; it counts only once a code from it is accepted."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device if the code is right; return fresh recovery codes to show once."""
    if not device.verify_token(token):
        record(action=AuditAction.MFA_FAILED, actor=device.user, obj=device.user)
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = issue_recovery_codes(user=device.user)
    record(action=AuditAction.MFA_ENROLLED, actor=device.user, obj=device.user)
    return codes


def issue_recovery_codes(*, user: User) -> list[str]:
    """Ten single-use codes for when the phone is lost; the old set stops working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        code = "-".join(secrets.token_hex(3) for _ in range(2))
        StaticToken.objects.create(device=device, token=code)
        codes.append(code)
    return codes


def has_confirmed_mfa(user: User) -> bool:
    """An authenticator app or a security key: either makes sign-in two-step."""
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or SecurityKey.objects.filter(user=user, confirmed=True).exists()
    )


def has_authenticator_app(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def has_security_key(user: User) -> bool:
    return bool(SecurityKey.objects.filter(user=user).exists())


def security_key_required(user: User) -> bool:
    """Whether this person must use a security key or passkey (``STAFF_REQUIRE_SECURITY_KEY``)."""
    return bool(settings.STAFF_REQUIRE_SECURITY_KEY) and bool(user.is_staff_role)


def match_code(user: User, code: str) -> Device | None:
    """The device a typed code belongs to. Staff who must use a security key and have one may
    type only a recovery code (for a lost key): an app code can be phished, a key cannot."""
    if security_key_required(user) and has_security_key(user):
        for device in StaticDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
        return None
    return match_token(user, code)


def code_just_used(user: User, typed: str, *, now: float | None = None) -> bool:
    """Whether ``typed`` is an authenticator code that was right a moment ago and has been used
    (django-otp refuses a code for a time step at or before the device's ``last_t``, so a person
    who confirms straight after signing in types the same code and is refused). Within the
    device's tolerance only: an old code is just wrong."""
    if not typed.isdigit():
        return False
    moment = time.time() if now is None else now
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = moment
        for offset in range(-device.tolerance, device.tolerance + 1):
            totp.drift = device.drift + offset
            if totp.t() <= device.last_t and totp.token() == int(typed):
                return True
    return False


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def replace_authenticator(
    *, request: HttpRequest, user: User, device: TOTPDevice, token: str
) -> list[str] | None:
    """A signed-in person swaps (or, for a parent, first adds) their authenticator app.

    On success the session is re-bound to the new device (the old one is gone), every other
    session ends (ASVS 7.4.3: a changed factor ends other sessions) and fresh recovery codes are
    returned to show once. Returns None, and changes nothing, if the code is wrong.
    """
    codes = confirm_totp_enrolment(device=device, token=token)
    if codes is None:
        return None
    otp_login(request, device)
    request.session.pop(ACCOUNT_ENROL_KEY, None)
    end_sessions(user=user, except_key=request.session.session_key, ended_by=user)
    return codes


def remove_authenticator(
    *, user: User, removed_by: Any, reason: str, keep_session_key: str | None = None
) -> int:
    """Remove every second factor (a parent opting out, or an administrator's reset after
    checking who the person is). Staff must enrol again at their next sign-in, so this never
    lets anyone skip MFA. Every session ends except ``keep_session_key`` (the parent's own).
    By the person or an administrator of their organisation."""
    _check_acts_for(removed_by, user)
    with transaction.atomic():
        removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        removed += SecurityKey.objects.filter(user=user).delete()[0]
        _end_sessions(user=user, except_key=keep_session_key, ended_by=removed_by)
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=removed_by,
            obj=user,
            reason=reason,
            detail={"authenticator_removed": True},
        )
    return removed


# --- Security keys and passkeys (WebAuthn) -----------------------------------------------------

WEBAUTHN_CHALLENGE_KEY = "webauthn_challenge"


def _relying_party(request: HttpRequest) -> tuple[str, str]:
    """The RP ID (host name, no port) and the exact origin the browser must report."""
    host = request.get_host()
    return host.split(":")[0], f"{request.scheme}://{host}"


def _remember_challenge(request: HttpRequest, challenge: bytes) -> None:
    request.session[WEBAUTHN_CHALLENGE_KEY] = bytes_to_base64url(challenge)


def _take_challenge(request: HttpRequest) -> bytes | None:
    """Each challenge is used once, so a captured response cannot be replayed."""
    stored = request.session.pop(WEBAUTHN_CHALLENGE_KEY, None)
    return base64url_to_bytes(stored) if stored else None


def security_key_registration_options(*, request: HttpRequest, user: User) -> str:
    rp_id, _ = _relying_party(request)
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name=settings.SERVICE_NAME,
        user_id=str(user.pk).encode(),
        user_name=user.email,
        user_display_name=user.full_name,
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id))
            for k in SecurityKey.objects.filter(user=user)
        ],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _remember_challenge(request, options.challenge)
    return webauthn.options_to_json(options)


@transaction.atomic
def add_security_key(
    *, request: HttpRequest, user: User, response: str, name: str
) -> SecurityKey | None:
    """Register the key if the browser's answer matches our challenge, site and origin."""
    challenge = _take_challenge(request)
    rp_id, origin = _relying_party(request)
    try:
        if challenge is None:
            raise InvalidRegistrationResponse("no challenge in this session")
        verified = webauthn.verify_registration_response(
            credential=response,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError) as error:
        record(
            action=AuditAction.MFA_FAILED,
            actor=user,
            request=request,
            obj=user,
            reason=f"security key not added: {str(error)[:200]}",
        )
        return None
    key: SecurityKey = SecurityKey.objects.create(
        user=user,
        name=name[:64] or "Security key",
        confirmed=True,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    record(
        action=AuditAction.MFA_ENROLLED,
        actor=user,
        request=request,
        obj=user,
        detail={"factor": "security key", "key": key.pk},
    )
    end_sessions(user=user, except_key=request.session.session_key, ended_by=user)
    return key


def security_key_request_options(*, request: HttpRequest, user: User) -> str | None:
    """Options for the browser to ask this person's keys to sign in; None if they have none."""
    keys = list(SecurityKey.objects.filter(user=user, confirmed=True))
    if not keys:
        return None
    rp_id, _ = _relying_party(request)
    options = webauthn.generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id)) for k in keys
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _remember_challenge(request, options.challenge)
    return webauthn.options_to_json(options)


@transaction.atomic
def verify_security_key(*, request: HttpRequest, user: User, response: str) -> SecurityKey | None:
    """The key that signed our challenge, if it is one of this person's; None otherwise.

    A signature counter that goes backwards means a cloned key: refused and audited.
    """
    challenge = _take_challenge(request)
    rp_id, origin = _relying_party(request)
    try:
        credential_id = json.loads(response).get("id", "")
        key: SecurityKey = SecurityKey.objects.select_for_update().get(
            user=user, confirmed=True, credential_id=credential_id
        )
        if challenge is None:
            raise InvalidAuthenticationResponse("no challenge in this session")
        verified = webauthn.verify_authentication_response(
            credential=response,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except (
        SecurityKey.DoesNotExist,
        InvalidAuthenticationResponse,
        InvalidJSONStructure,
        ValueError,
        AttributeError,
    ) as error:
        record(
            action=AuditAction.MFA_FAILED,
            actor=user,
            request=request,
            obj=user,
            reason=f"security key refused: {str(error)[:200]}",
        )
        return None
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return key


def may_remove_security_key(*, user: User) -> bool:
    """Someone who must sign in with a security key keeps at least one."""
    return not security_key_required(user) or SecurityKey.objects.filter(user=user).count() > 1


def remove_security_key(
    *, user: User, key_id: int, removed_by: Any, request: HttpRequest | None = None
) -> None:
    """Remove one of this person's own keys; anyone else's id is a 404, audited as a refusal."""
    own_security_key(user=user, key_id=key_id, request=request)
    with transaction.atomic():
        SecurityKey.objects.filter(pk=key_id, user=user).delete()
        record(
            action=AuditAction.PERMISSION_CHANGE,
            actor=removed_by,
            request=request,
            obj=user,
            reason="security key removed",
            detail={"key": key_id},
        )


def own_security_key(*, user: User, key_id: int, request: HttpRequest | None = None) -> SecurityKey:
    """One of this person's own keys. Anyone else's (or no) key is a 404, audited as a refusal."""
    key: SecurityKey | None = SecurityKey.objects.filter(pk=key_id, user=user).first()
    if key is None:
        record_refusal(
            actor=user,
            attempted="remove_security_key",
            request=request,
            object_type="accounts.securitykey",
            object_id=key_id,
            reason="not one of their security keys",
        )
        raise Http404("No such key")
    return key


@transaction.atomic
def prune_dead_sessions() -> int:
    """Delete sessions the policy has already ended (idle or past the absolute limit) but that
    nobody came back to, with their records: the server keeps no session it would refuse.

    Run daily (``manage.py prune_sessions``) next to Django's ``clearsessions``.
    """
    from relsafe.accounts.middleware import LAST_SEEN_WRITE_EVERY

    now = timezone.now()
    longest_idle = max(settings.STAFF_IDLE_TIMEOUT_SECONDS, settings.FAMILY_IDLE_TIMEOUT_SECONDS)
    dead = UserSession.objects.filter(
        models.Q(
            created_at__lt=now - dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS)
        )
        | models.Q(
            last_seen_at__lt=now - dt.timedelta(seconds=longest_idle + LAST_SEEN_WRITE_EVERY)
        )
    )
    keys = list(dead.values_list("session_key", flat=True))
    for key in keys:
        _delete_session(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


# --- Two-step sign-in ---------------------------------------------------------------------------
#
# The person is not signed in until both steps pass. Between them only a short-lived "pending"
# marker sits in the session: who passed the password, when, which step comes next, where they
# were going and how many second-factor attempts failed. A half-finished sign-in opens nothing.


class SignInStep(StrEnum):
    """Where a sign-in attempt has got to, and so what the person sees next."""

    REFUSED = "refused"  # the password, code or key was not right: the same page again
    LOCKED_OUT = "locked_out"  # django-axes' lock on this email from this address (its page)
    CODE = "code"  # password right: a code or a security key is next
    SET_UP_AUTHENTICATOR = "set_up_authenticator"  # staff with no second factor add one first
    SIGNED_IN = "signed_in"
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # the half-finished sign-in was ended
    EXPIRED = "expired"  # no half-finished sign-in (never started, ended, or older than 5 min)


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one step, with what the page needs to say about it."""

    step: SignInStep
    user: User | None = None
    # The page the person asked for before signing in, already checked to be on this site.
    next_url: str = ""
    # Set when a recovery code was used: how many are left, so the person is told.
    recovery_codes_left: int | None = None
    # Fresh recovery codes, to show once, when the sign-in added an authenticator.
    new_recovery_codes: list[str] = field(default_factory=list)


class PendingStep(StrEnum):
    CODE = "code"
    SET_UP_AUTHENTICATOR = "set_up_authenticator"


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return dict(pending)


def pending_sign_in_user(request: HttpRequest) -> User | None:
    """Who passed the password in this browser in the last five minutes, still active."""
    pending = _pending(request)
    if pending is None:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def _pending_for(request: HttpRequest, step: PendingStep) -> tuple[User, dict[str, Any]] | None:
    """The pending sign-in, only if it is waiting for this step: someone who has a second factor
    can never reach the "add an authenticator" step with their password alone."""
    pending = _pending(request)
    if pending is None or pending.get("step", PendingStep.CODE) != step:
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    return (user, pending) if user is not None else None


def pending_sign_in_needs_authenticator(request: HttpRequest) -> bool:
    """Whether the half-finished sign-in waits for a new authenticator (staff without one)."""
    return _pending_for(request, PendingStep.SET_UP_AUTHENTICATOR) is not None


def start_sign_in(
    *, request: HttpRequest, email: str, password: str, next_url: str
) -> SignInResult:
    """Step one: the password. Right, it leaves the pending marker (in a new session key) and says
    which step is next; a parent or young person without a second factor is signed in at once.

    ``email`` is normalised before django-axes counts it, so 'Sam@…' and 'sam@…' share one
    counter; a wrong email or password gets the same answer (REFUSED), audited by the signal.
    """
    user = authenticate(request, email=email.strip().lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        # django-axes refused (or has just locked) this email from this address; its middleware
        # answers with the lock-out page (``AXES_LOCKOUT_CALLABLE``) whatever the view returns.
        return SignInResult(SignInStep.LOCKED_OUT)
    if not isinstance(user, User):
        return SignInResult(SignInStep.REFUSED)
    if has_confirmed_mfa(user):
        step: PendingStep | None = PendingStep.CODE
    elif user.is_staff_role:
        step = PendingStep.SET_UP_AUTHENTICATOR
    else:
        step = None
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "at": time.time(),
        "next": next_url,
        "step": step or "",
    }
    if step is PendingStep.CODE:
        return SignInResult(SignInStep.CODE, user=user, next_url=next_url)
    if step is PendingStep.SET_UP_AUTHENTICATOR:
        return SignInResult(SignInStep.SET_UP_AUTHENTICATOR, user=user, next_url=next_url)
    return _complete_sign_in(request=request, user=user, device=None)


def _complete_sign_in(
    *, request: HttpRequest, user: User, device: Device | None, **extra: Any
) -> SignInResult:
    """Sign in for real: the pending marker goes, Django's login rotates the session key again
    (the user_logged_in receiver records the session and audits SIGN_IN), the device that passed
    is bound to the session, and the session policy's clocks start."""
    pending = request.session.pop(PENDING_KEY, {})
    request.session.pop(ENROL_KEY, None)
    login(request, user, backend="relsafe.accounts.backends.EmailBackend")
    if device is not None:
        otp_login(request, device)
    now = time.time()
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[LAST_ACTIVITY_KEY] = now
    return SignInResult(
        SignInStep.SIGNED_IN,
        user=user,
        next_url=pending.get("next") or settings.LOGIN_REDIRECT_URL,
        **extra,
    )


def _second_factor_refused(*, request: HttpRequest, user: User) -> SignInResult:
    """Count a refused second factor (audited with the attempt number, never the code); after
    MAX_CODE_ATTEMPTS the half-finished sign-in ends and the password is needed again."""
    pending = request.session[PENDING_KEY]
    pending["failures"] = pending.get("failures", 0) + 1
    request.session[PENDING_KEY] = pending
    record(
        action=AuditAction.MFA_FAILED,
        actor=user,
        request=request,
        obj=user,
        detail={"attempt": pending["failures"]},
    )
    if pending["failures"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING_KEY, None)
        return SignInResult(SignInStep.TOO_MANY_ATTEMPTS, user=user)
    return SignInResult(SignInStep.REFUSED, user=user)


@transaction.atomic
def complete_sign_in_with_code(*, request: HttpRequest, code: str) -> SignInResult:
    """Step two with a typed code: from the authenticator app, or a single-use recovery code
    (then ``recovery_codes_left`` says how many remain). Where a security key is required and
    the person has one, only a recovery code is accepted (``match_code``)."""
    found = _pending_for(request, PendingStep.CODE)
    if found is None:
        return SignInResult(SignInStep.EXPIRED)
    user, _ = found
    device = match_code(user, code)
    if device is None:
        return _second_factor_refused(request=request, user=user)
    left = recovery_codes_left(user) if isinstance(device, StaticDevice) else None
    return _complete_sign_in(request=request, user=user, device=device, recovery_codes_left=left)


@transaction.atomic
def complete_sign_in_with_key(*, request: HttpRequest, response: str) -> SignInResult:
    """Step two with a security key or passkey: the browser's signed answer to our challenge."""
    found = _pending_for(request, PendingStep.CODE)
    if found is None:
        return SignInResult(SignInStep.EXPIRED)
    user, _ = found
    key = verify_security_key(request=request, user=user, response=response)
    if key is None:
        return _second_factor_refused(request=request, user=user)
    return _complete_sign_in(request=request, user=user, device=key)


def enrolment_device(*, request: HttpRequest, user: User, session_key: str) -> TOTPDevice:
    """The unconfirmed authenticator this browser is adding for this person, made on first use
    and remembered in the session under ``session_key``, so reloading the page keeps the QR code."""
    device = TOTPDevice.objects.filter(
        pk=request.session.get(session_key), user=user, confirmed=False
    ).first()
    if device is None:
        device = start_totp_enrolment(user=user)
        request.session[session_key] = device.pk
    return device


def sign_in_enrolment_device(*, request: HttpRequest) -> TOTPDevice | None:
    """The authenticator a member of staff adds during their first sign-in; None unless the
    pending sign-in is waiting for exactly that."""
    found = _pending_for(request, PendingStep.SET_UP_AUTHENTICATOR)
    if found is None:
        return None
    return enrolment_device(request=request, user=found[0], session_key=ENROL_KEY)


@transaction.atomic
def complete_sign_in_with_new_authenticator(*, request: HttpRequest, code: str) -> SignInResult:
    """Staff's first sign-in (or the first after an administrator's reset): a right code from the
    new app confirms it, fresh recovery codes are issued (``new_recovery_codes``, to show once)
    and the person is signed in with it. A wrong code changes nothing (REFUSED)."""
    found = _pending_for(request, PendingStep.SET_UP_AUTHENTICATOR)
    if found is None:
        return SignInResult(SignInStep.EXPIRED)
    user, _ = found
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        return SignInResult(SignInStep.EXPIRED)
    codes = confirm_totp_enrolment(device=device, token=code)
    if codes is None:
        return SignInResult(SignInStep.REFUSED, user=user)
    return _complete_sign_in(request=request, user=user, device=device, new_recovery_codes=codes)


def security_key_only(user: User) -> bool:
    """Whether this person's code box takes only a recovery code (for a lost key): they must use
    a security key and have one."""
    return security_key_required(user) and has_security_key(user)


def record_lockout(*, request: HttpRequest, email: str) -> None:
    """Audit django-axes' lock-out: the email typed, never whether it is an account."""
    record(action=AuditAction.LOCKED_OUT, request=request, actor_email=email[:254])


# --- Step-up: "Confirm it is you" --------------------------------------------------------------


class IdentityCheck(StrEnum):
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    CODE_JUST_USED = "code_just_used"  # right password, and a right code that was just used
    SIGNED_OUT = "signed_out"  # too many failures: whoever holds the session cannot prove who


@transaction.atomic
def confirm_identity(
    *, request: HttpRequest, password: str, code: str = "", key_response: str = ""
) -> IdentityCheck:
    """Password plus, for anyone with a second factor, a fresh code or a security key before a
    sensitive action (ASVS 7.5.1, 7.5.3). Success opens the step-up window (``reauth``); after
    MAX_CODE_ATTEMPTS failures in a row the session is ended."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Only a signed-in person can confirm who they are.")
    ok = user.check_password(password)
    just_used = False
    if ok and has_confirmed_mfa(user):
        if key_response:
            ok = verify_security_key(request=request, user=user, response=key_response) is not None
        else:
            typed = code.strip().replace(" ", "")
            ok = bool(typed) and match_code(user, typed) is not None
            just_used = not ok and bool(typed) and code_just_used(user, typed)
    if just_used:
        # Not a guess: the person typed the code their app still shows, already used to sign
        # in a moment ago. Said apart from a wrong code, and not counted towards signing out.
        record(
            action=AuditAction.MFA_FAILED,
            request=request,
            obj=user,
            reason="step-up refused: code already used",
        )
        return IdentityCheck.CODE_JUST_USED
    if ok:
        request.session.pop(REAUTH_FAILURES_KEY, None)
        mark_reauthenticated(request)
        record(action=AuditAction.REAUTHENTICATED, request=request, obj=user)
        return IdentityCheck.CONFIRMED
    record(action=AuditAction.MFA_FAILED, request=request, obj=user, reason="step-up refused")
    failures = request.session.get(REAUTH_FAILURES_KEY, 0) + 1
    request.session[REAUTH_FAILURES_KEY] = failures
    if failures >= MAX_CODE_ATTEMPTS:
        logout(request)
        return IdentityCheck.SIGNED_OUT
    return IdentityCheck.REFUSED
