"""Sign-in in two steps (password, then code), MFA set-up, sign-out and the account page.

The person is not signed in until both steps pass: between them only a short-lived 'pending'
marker sits in the session, so a half-finished sign-in opens nothing.
"""

from __future__ import annotations

import base64
import time
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.access.decorators import role_required
from relsafe.accounts import selectors, services
from relsafe.accounts.forms import CodeForm, ConfirmIdentityForm, SecurityKeyForm, SignInForm
from relsafe.accounts.models import SecurityKey, User
from relsafe.accounts.reauth import mark_reauthenticated, require_recent_auth
from relsafe.accounts.roles import FAMILY_ROLES
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.portal.selectors import page_after_sign_in

PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 5 * 60
# Wrong codes allowed in one pending sign-in before the password must be entered again. The
# devices' own throttling (django-otp: doubling delay after each failure) limits guessing further.
MAX_CODE_ATTEMPTS = 5
ENROL_KEY = "pending_totp_device"
ACCOUNT_ENROL_KEY = "account_totp_device"
REAUTH_FAILURES_KEY = "reauth_failures"
BAD_CREDENTIALS = (
    "Enter a correct email address and password. Both are case sensitive apart from the email."
)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user_id"], is_active=True).first()


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Passed as ``email`` (AXES_USERNAME_FORM_FIELD) and normalised, so django-axes counts
        # failures per real account: 'Sam@…' and 'sam@…' share one counter.
        user = authenticate(
            request,
            email=form.cleaned_data["email"].strip().lower(),
            password=form.cleaned_data["password"],
        )
        if isinstance(user, HttpResponse):  # django-axes lock-out response
            return user
        if user is None:
            form.add_error(None, BAD_CREDENTIALS)
        else:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user_id": user.pk,
                "at": time.time(),
                "next": _safe_next(request),
            }
            if services.has_confirmed_mfa(user):
                return redirect("accounts:sign-in-code")
            if user.is_staff_role:
                return redirect("accounts:mfa-setup")
            return _complete_sign_in(request, user, device=None)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "timed_out": "timeout" in request.GET},
    )


def _complete_sign_in(request: HttpRequest, user: User, device: Any) -> HttpResponse:
    pending = request.session.pop(PENDING_KEY, {})
    request.session.pop(ENROL_KEY, None)
    login(request, user, backend="relsafe.accounts.backends.EmailBackend")
    if device is not None:
        otp_login(request, device)
    now = time.time()
    request.session["signed_in_at"] = now
    request.session["last_activity"] = now
    wanted = pending.get("next") or settings.LOGIN_REDIRECT_URL
    # A parent or young person is shown how to leave quickly before anything else (portal).
    return redirect(page_after_sign_in(user=user, wanted=wanted))


def _code_refused(request: HttpRequest, user: User) -> HttpResponse | None:
    """Count a refused second factor; after too many, the half-finished sign-in ends."""
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
        messages.info(request, "Too many codes were not right. Please sign in again.")
        return redirect("accounts:sign-in")
    return None


def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.info(request, "Please sign in again.")
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST or None)
    key_response = request.POST.get("webauthn_response", "")
    if request.method == "POST" and key_response:
        key = services.verify_security_key(request=request, user=user, response=key_response)
        if key is not None:
            return _complete_sign_in(request, user, key)
        form = CodeForm()  # nothing was typed: show the key's error, not "enter a code"
        form.cleaned_data = {}
        form.add_error(None, "Your security key was not accepted. Try again or enter a code.")
        if (ended := _code_refused(request, user)) is not None:
            return ended
    elif request.method == "POST" and form.is_valid():
        device = services.match_code(user, form.cleaned_data["code"])
        if device is not None:
            response = _complete_sign_in(request, user, device)
            if isinstance(device, StaticDevice):
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. You have {left} left. If you lost your "
                    "phone, set up your authenticator app again from 'Your account'.",
                )
            return response
        if (ended := _code_refused(request, user)) is not None:
            return ended
        form.add_error(
            "code",
            "Use your security key, or enter one of your recovery codes if you have lost it."
            if services.security_key_required(user) and services.has_security_key(user)
            else "The code is not right or has expired. Wait for the next code and enter it.",
        )
    key_only = services.security_key_required(user) and services.has_security_key(user)
    if key_only:
        _recovery_codes_only(form)
    return render(
        request,
        "accounts/sign_in_code.html",
        {
            "form": form,
            "webauthn_options": services.security_key_request_options(request=request, user=user),
            "has_app": services.has_authenticator_app(user) and not key_only,
        },
    )


def _recovery_codes_only(form: Any) -> None:
    """Where a key is required, the code box is for a recovery code only (a lost key)."""
    field = form.fields["code"]
    field.label = "Recovery code, if you have lost your security key"
    field.help_text = "Codes from an authenticator app are not accepted: use your security key."


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Staff must add an authenticator app before their first sign-in completes."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = services.start_totp_enrolment(user=user)
        request.session[ENROL_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_enrolment(device=device, token=form.cleaned_data["code"])
        if codes is not None:
            response = _complete_sign_in(request, user, device)
            request.session["recovery_codes"] = codes
            return redirect("accounts:recovery-codes") if response.status_code == 302 else response
        form.add_error(
            "code", "The code is not right. Check the time on your phone and try the newest code."
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop("recovery_codes", None)
    if not codes:
        return redirect("core:start")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    timed_out = request.POST.get("reason") == "timeout"
    services.sign_out(request=request)
    if timed_out:
        return redirect(f"{reverse('accounts:sign-in')}?timeout=1")
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


@login_required
@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Touched by the 'Stay signed in' button: the session middleware records the activity."""
    return HttpResponse(status=204)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/account.html",
        {
            "sessions": selectors.sessions_of(user=user),
            "current_key": request.session.session_key,
            "has_mfa": services.has_authenticator_app(user),
            "recovery_codes_left": services.recovery_codes_left(user),
            "security_keys": SecurityKey.objects.filter(user=user),
        },
    )


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    """End one other session of your own; anyone else's session id is a 404 (no IDOR)."""
    services.end_session(
        user=request.user,  # type: ignore[arg-type]
        session_id=pk,
        current_key=request.session.session_key,
        ended_by=request.user,
        request=request,
    )
    messages.success(request, "That session has been signed out.")
    return redirect("accounts:account")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    count = services.end_sessions(
        user=request.user,  # type: ignore[arg-type]
        except_key=request.session.session_key,
        ended_by=request.user,
    )
    messages.success(request, f"Signed out of {count} other session{'s' if count != 1 else ''}.")
    return redirect("accounts:account")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Same page whether or not the account exists; the lock is on this email from this address only."""
    record(
        action=AuditAction.LOCKED_OUT,
        request=request,
        actor_email=(request.POST.get("email") or "")[:254],
    )
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
def confirm_identity(request: HttpRequest) -> HttpResponse:
    """Password plus a fresh code or a security key (for people with a second factor) before a
    sensitive action."""
    user: User = request.user  # type: ignore[assignment]
    form = ConfirmIdentityForm(request.POST or None)
    needs_code = services.has_confirmed_mfa(user)
    if request.method == "POST" and form.is_valid():
        ok = user.check_password(form.cleaned_data["password"])
        key_response = request.POST.get("webauthn_response", "")
        if ok and needs_code and key_response:
            ok = (
                services.verify_security_key(request=request, user=user, response=key_response)
                is not None
            )
        elif ok and needs_code:
            code = form.cleaned_data["code"].strip().replace(" ", "")
            ok = bool(code) and services.match_code(user, code) is not None
        if ok:
            request.session.pop(REAUTH_FAILURES_KEY, None)
            mark_reauthenticated(request)
            record(action=AuditAction.REAUTHENTICATED, request=request, obj=user)
            return redirect(_safe_next(request))
        record(action=AuditAction.MFA_FAILED, request=request, obj=user, reason="step-up refused")
        failures = request.session.get(REAUTH_FAILURES_KEY, 0) + 1
        request.session[REAUTH_FAILURES_KEY] = failures
        if failures >= MAX_CODE_ATTEMPTS:
            # Whoever holds this session cannot prove who they are: end it.
            logout(request)
            messages.info(request, "For security, you have been signed out. Please sign in again.")
            return redirect("accounts:sign-in")
        form.add_error(None, "Your password or code is not right. Try again.")
    if not needs_code:
        form.fields.pop("code")
    elif services.security_key_required(user) and services.has_security_key(user):
        _recovery_codes_only(form)
    return render(
        request,
        "accounts/confirm_identity.html",
        {
            "form": form,
            "next": request.GET.get("next", "") or request.POST.get("next", ""),
            "webauthn_options": services.security_key_request_options(request=request, user=user),
        },
    )


@login_required
@require_recent_auth
def mfa_change(request: HttpRequest) -> HttpResponse:
    """Add (parents, optional) or replace (anyone) the authenticator app, after step-up."""
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ACCOUNT_ENROL_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = services.start_totp_enrolment(user=user)
        request.session[ACCOUNT_ENROL_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.replace_authenticator(
            request=request, user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session.pop(ACCOUNT_ENROL_KEY, None)
            request.session["recovery_codes"] = codes
            messages.success(
                request,
                "Your authenticator app is set up. You have been signed out everywhere else.",
            )
            return redirect("accounts:recovery-codes")
        form.add_error(
            "code", "The code is not right. Check the time on your phone and try the newest code."
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "replacing": services.has_authenticator_app(user),
            "from_account": True,
        },
    )


@login_required
@role_required(FAMILY_ROLES)
@require_recent_auth
def mfa_remove(request: HttpRequest) -> HttpResponse:
    """Parents and young people may stop using an authenticator app; staff never can."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        services.remove_authenticator(
            user=user,
            removed_by=user,
            reason="stopped using an authenticator app",
            keep_session_key=request.session.session_key,
        )
        messages.success(request, "You no longer need a code from an app to sign in.")
        return redirect("accounts:account")
    return render(request, "accounts/mfa_remove.html")


@login_required
@require_recent_auth
def security_key_add(request: HttpRequest) -> HttpResponse:
    """Add a security key or passkey: phishing-resistant, and quicker than typing a code."""
    user: User = request.user  # type: ignore[assignment]
    form = SecurityKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = form.cleaned_data["webauthn_response"]
        key = (
            services.add_security_key(
                request=request, user=user, response=response, name=form.cleaned_data["name"]
            )
            if response
            else None
        )
        if key is not None:
            messages.success(request, f"'{key.name}' is added. You can use it to sign in.")
            return redirect("accounts:account")
        form.add_error(None, "The key was not added. Try again, and touch the key when it flashes.")
    return render(
        request,
        "accounts/security_key_add.html",
        {
            "form": form,
            "webauthn_options": services.security_key_registration_options(
                request=request, user=user
            ),
            "required": services.security_key_required(user)
            and not services.has_security_key(user),
        },
    )


@login_required
@require_recent_auth
def security_key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    key = services.own_security_key(user=user, key_id=pk, request=request)
    if services.security_key_required(user) and SecurityKey.objects.filter(user=user).count() == 1:
        messages.info(
            request,
            "You need a security key or passkey to sign in. Add another before removing this one.",
        )
        return redirect("accounts:account")
    if request.method == "POST":
        services.remove_security_key(user=user, key_id=key.pk, removed_by=user, request=request)
        messages.success(request, f"'{key.name}' is removed.")
        return redirect("accounts:account")
    return render(request, "accounts/security_key_remove.html", {"key": key})
