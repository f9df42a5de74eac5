"""Changes to people and their sign-in factors. Every change here is audited."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from importlib import import_module
from typing import Any

import webauthn
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
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

from relsafe.accounts.models import Organisation, SecurityKey, Team, User, UserSession
from relsafe.accounts.roles import ROLE_PERMISSIONS, Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record, record_refusal

RECOVERY_CODE_COUNT = 10


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


@transaction.atomic
def change_role(*, user: User, role: str, changed_by: Any) -> User:
    """The one way a role changes: the role's group and admin flag follow it, and it is audited.

    A role change also ends the person's sessions, so the new role applies from their next sign-in
    and nobody keeps a page open with the old role's reach.
    """
    old = User.objects.filter(pk=user.pk).values_list("role", flat=True).first() or user.role
    user.role = role
    user.is_staff = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff"])
    user.groups.set([Group.objects.get_or_create(name=Role(role).label)[0]])
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=changed_by,
        obj=user,
        detail={"from": old, "to": role},
    )
    if old != role:
        end_sessions(user=user, ended_by=changed_by)
    return user


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


@transaction.atomic
def end_sessions(*, user: User, except_key: str | None = None, ended_by: Any = None) -> int:
    """End a person's sessions on the server, so a stolen cookie stops working at once."""
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


@transaction.atomic
def deactivate_person(*, user: User, deactivated_by: Any) -> None:
    """Sign-in stops and every session ends at once (ASVS 7.4.2). Sessions end first so the
    entry names who ended them; the post_save signal catches any opened in between."""
    end_sessions(user=user, ended_by=deactivated_by)
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=deactivated_by,
        obj=user,
        detail={"is_active": False},
    )


@transaction.atomic
def reactivate_person(*, user: User, reactivated_by: Any) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=reactivated_by,
        obj=user,
        detail={"is_active": True},
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
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or SecurityKey.objects.filter(user=user, confirmed=True).exists()
    )


def has_authenticator_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_security_key(user: User) -> bool:
    return SecurityKey.objects.filter(user=user).exists()


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


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


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
    end_sessions(user=user, except_key=request.session.session_key, ended_by=user)
    return codes


@transaction.atomic
def remove_authenticator(
    *, user: User, removed_by: Any, reason: str, keep_session_key: str | None = None
) -> int:
    """Remove every second factor (a parent opting out, or an administrator's reset after
    checking who the person is). Staff must enrol again at their next sign-in, so this never
    lets anyone skip MFA. Every session ends except ``keep_session_key`` (the parent's own)."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    removed += SecurityKey.objects.filter(user=user).delete()[0]
    end_sessions(user=user, except_key=keep_session_key, ended_by=removed_by)
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
    key = SecurityKey.objects.create(
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
        key = SecurityKey.objects.select_for_update().get(
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
    key = SecurityKey.objects.filter(pk=key_id, user=user).first()
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
