"""Session rules: staff idle timeout, absolute lifetime, and MFA for every staff request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import UserSession
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

LAST_SEEN_WRITE_EVERY = 60  # seconds: the sessions list does not need every click


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            idle_limit = (
                settings.STAFF_IDLE_TIMEOUT_SECONDS
                if user.is_staff_role
                else settings.FAMILY_IDLE_TIMEOUT_SECONDS
            )
            last = session.get("last_activity", now)
            started = session.get("signed_in_at", now)
            expired_reason = ""
            if now - last > idle_limit:
                expired_reason = "idle timeout"
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS:
                expired_reason = "absolute timeout"
            if expired_reason:
                record(action=AuditAction.SESSION_ENDED, request=request, reason=expired_reason)
                logout(request)
                if request.headers.get("HX-Request") or request.method != "GET":
                    return HttpResponse("Signed out after a period without activity.", status=401)
                return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?timeout=1")
            session["last_activity"] = now
            self._touch(request, now)
        return self.get_response(request)

    @staticmethod
    def _touch(request: HttpRequest, now: float) -> None:
        key = request.session.session_key
        if not key:
            return
        if now - request.session.get("_seen_written", 0) < LAST_SEEN_WRITE_EVERY:
            return
        request.session["_seen_written"] = now
        UserSession.objects.filter(session_key=key).update(last_seen_at=timezone.now())


class RequireMFAMiddleware:
    """A staff session that has not passed MFA is ended, whatever route it came in by."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff_role
            and not getattr(user, "is_verified", lambda: False)()
        ):
            record(
                action=AuditAction.ACCESS_DENIED,
                request=request,
                reason="staff session without MFA",
            )
            logout(request)
            return HttpResponseRedirect(reverse("accounts:sign-in"))
        return self.get_response(request)
