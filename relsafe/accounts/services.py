"""Changes to people and their sign-in factors. Every change here is audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import Organisation, Team, User, UserSession
from relsafe.accounts.roles import ROLE_PERMISSIONS, Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

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
        is_staff=(role == Role.ADMINISTRATOR),
    )
    user.groups.set([Group.objects.get_or_create(name=Role(role).label)[0]])
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=created_by,
        obj=user,
        detail={"role": role, "created": True},
    )
    return user


@transaction.atomic
def change_role(*, user: User, role: str, changed_by: Any) -> User:
    old = user.role
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
    return user


def end_sessions(*, user: User, except_key: str | None = None, ended_by: Any = None) -> int:
    """End a person's sessions on the server, so a stolen cookie stops working at once."""
    keys = list(
        UserSession.objects.filter(user=user)
        .exclude(session_key=except_key or "")
        .values_list("session_key", flat=True)
    )
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    if keys:
        record(
            action=AuditAction.SESSION_ENDED,
            actor=ended_by,
            obj=user,
            detail={"count": len(keys)},
        )
    return len(keys)


@transaction.atomic
def deactivate_person(*, user: User, deactivated_by: Any) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user=user, ended_by=deactivated_by)
    record(
        action=AuditAction.PERMISSION_CHANGE,
        actor=deactivated_by,
        obj=user,
        detail={"is_active": False},
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
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
