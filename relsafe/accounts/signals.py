"""Audit entries and session records for Django's sign-in signals; role groups after migrate."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from relsafe.accounts.models import User, UserSession
from relsafe.audit.models import AuditAction
from relsafe.audit.services import client_ip, record


@receiver(user_logged_in)
def on_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    key = request.session.session_key
    if key is None:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip_address": client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    record(action=AuditAction.SIGN_IN, actor=user, request=request, obj=user)


@receiver(user_logged_out)
def on_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None or request is None:
        return
    from relsafe.accounts.services import SIGN_OUT_DETAIL_ATTR

    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()
    record(
        action=AuditAction.SIGN_OUT,
        actor=user,
        request=request,
        obj=user,
        detail=getattr(request, SIGN_OUT_DETAIL_ATTR, None),
    )


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor_email=str(credentials.get("email") or credentials.get("username") or "")[:254],
    )


@receiver(post_save, sender=User)
def end_sessions_of_inactive_person(sender: Any, instance: User, **kwargs: Any) -> None:
    """However a person is switched off (service, Django admin, shell), their sessions end now."""
    if instance.is_active or kwargs.get("raw"):
        return
    if UserSession.objects.filter(user=instance).exists():
        from relsafe.accounts.services import end_sessions

        end_sessions(user=instance)


@receiver(post_save, sender=LogEntry)
def audit_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Every change made in the Django admin also lands in the tamper-evident audit trail."""
    if created and not kwargs.get("raw"):
        from relsafe.accounts.admin import audit_log_entry

        audit_log_entry(instance)


@receiver(post_migrate)
def after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions of every app exist only once the last app has migrated. Django sends
    # post_migrate only for apps with a models module, so "last" means the last of those (an app
    # without models, such as intelligence, may come after it in INSTALLED_APPS).
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if getattr(sender, "label", "") != with_models[-1].label:
        return
    from relsafe.accounts.services import sync_role_groups

    sync_role_groups()
