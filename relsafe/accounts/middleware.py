"""Session rules: staff idle timeout, absolute lifetime, MFA for every staff request, and the
Django admin only for administrators who passed MFA."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from relsafe.accounts.models import UserSession
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

# The admin request being served, so admin change entries in the audit trail carry its address.
current_admin_request: ContextVar[HttpRequest | None] = ContextVar(
    "current_admin_request", default=None
)

LAST_SEEN_WRITE_EVERY = 60  # seconds: the sessions list does not need every click

V = TypeVar("V", bound=Callable[..., Any])


def session_passive(view: V) -> V:
    """Mark a view whose requests the page makes by itself (draft autosave): they must not count
    as the person's activity, or a page left open would never time out."""
    view.session_passive = True  # type: ignore[attr-defined]
    return view


def ends_session(view: V) -> V:
    """Mark a view that itself ends the session ("Exit this page"): when the session has already
    timed out, it is ended as usual but the request still reaches the view, so the person leaves
    for the neutral site rather than landing on relsafe's sign-in page."""
    view.ends_session = True  # type: ignore[attr-defined]
    return view


def _view_ends_session(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "ends_session", False)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        now = getattr(request, "_session_activity_at", None)
        if now is None or getattr(view_func, "session_passive", False):
            return
        request.session["last_activity"] = now
        self._touch(request, now)

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
            last = session.setdefault("last_activity", now)
            # A session that did not come through our sign-in still gets the absolute limit.
            started = session.setdefault("signed_in_at", now)
            expired_reason = ""
            if now - last > idle_limit:
                expired_reason = "idle timeout"
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS:
                expired_reason = "absolute timeout"
            if expired_reason:
                record(action=AuditAction.SESSION_ENDED, request=request, reason=expired_reason)
                _keep_typed_text(request)
                logout(request)
                if _view_ends_session(request):
                    return self.get_response(request)
                if request.headers.get("HX-Request") or request.method != "GET":
                    return HttpResponse("Signed out after a period without activity.", status=401)
                return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?timeout=1")
            # Counted as activity in process_view, unless the view is session_passive.
            request._session_activity_at = now  # type: ignore[attr-defined]
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


def _no_response(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


def _keep_typed_text(request: HttpRequest) -> None:
    """A form posted just after the timeout still carries what the person typed: keep it as their
    draft (for this form, if they may still write there) before the session ends."""
    if request.method != "POST" or not request.POST.get("draft_token"):
        return
    # The CSRF check normally runs later, at the view; a cross-site post keeps nothing.
    if CsrfViewMiddleware(_no_response).process_view(request, _no_response, (), {}) is not None:
        return
    from relsafe.drafts.services import keep_draft

    try:
        keep_draft(
            actor=request.user,
            token=request.POST["draft_token"],
            data=request.POST,
            request=request,
            reason="kept as the session timed out",
        )
    except (PermissionDenied, ValidationError):  # a refusal is audited by the service
        return


def may_use_admin(user: object) -> bool:
    """The Django admin is for administrators with the admin flag who passed MFA this session."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == Role.ADMINISTRATOR
        and getattr(user, "is_staff", False)
        and getattr(user, "is_verified", lambda: False)()
    )


# Pages staff still reach while they must add a security key before anything else.
_KEY_ENROLMENT_URL_NAMES = (
    "accounts:security-key-add",
    "accounts:confirm-identity",
    "accounts:sign-out",
    "accounts:keepalive",
    "accounts:account",
)
_KEY_SESSION_FLAG = "has_security_key"


def _security_key_first(request: HttpRequest) -> HttpResponse | None:
    """With ``STAFF_REQUIRE_SECURITY_KEY``, a member of staff without a security key or passkey
    is sent to add one before anything else (once found, the session remembers it)."""
    from relsafe.accounts import services

    user = request.user
    if (
        not user.is_authenticated
        or not services.security_key_required(user)
        or request.session.get(_KEY_SESSION_FLAG)
    ):
        return None
    if services.has_security_key(user):
        request.session[_KEY_SESSION_FLAG] = True
        return None
    allowed = {reverse(name) for name in _KEY_ENROLMENT_URL_NAMES}
    if request.path in allowed or request.path.startswith(settings.STATIC_URL or "/static/"):
        return None
    return HttpResponseRedirect(reverse("accounts:security-key-add"))


class RequireMFAMiddleware:
    """A staff session that has not passed MFA is ended, whatever route it came in by.

    It also guards the Django admin (ASVS 8.2.1, 6.3.3): the admin's own password-only login
    page is never reached; anyone signed out goes to relsafe's two-step sign-in, and anyone
    else who is not a verified administrator is refused and audited.
    """

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
        if (refused := _security_key_first(request)) is not None:
            return refused
        admin_root = reverse("admin:index")
        if not request.path.startswith(admin_root):
            return self.get_response(request)
        if not user.is_authenticated:
            wanted = request.GET.get("next", admin_root) if "/login/" in request.path else ""
            query = urlencode({"next": wanted or request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?{query}")
        if not may_use_admin(user):
            record(
                action=AuditAction.ACCESS_DENIED,
                request=request,
                object_type="url",
                object_id=request.path[:64],
                reason="Django admin is for administrators only",
            )
            raise PermissionDenied
        if request.path == f"{admin_root}login/":
            return HttpResponseRedirect(admin_root)
        token = current_admin_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_admin_request.reset(token)
