"""Sign-in in two steps (password, then code), MFA set-up, sign-out and the account page.

The sign-in's state machine (the pending marker, failure counts, audit entries, session stamps)
lives in ``accounts.services``; these views parse the form, call one service and show its result.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import hooks, selectors, services
from relsafe.accounts.forms import CodeForm, ConfirmIdentityForm, SecurityKeyForm, SignInForm
from relsafe.accounts.guards import role_required
from relsafe.accounts.people import signed_in_user
from relsafe.accounts.reauth import confirming, require_recent_auth, start_download_on_return
from relsafe.accounts.roles import FAMILY_ROLES
from relsafe.accounts.services import (
    ACCOUNT_ENROL_KEY,
    MAX_CODE_ATTEMPTS,
    PENDING_KEY,
    IdentityCheck,
    SignInResult,
    SignInStep,
)

__all__ = ["ACCOUNT_ENROL_KEY", "BAD_CREDENTIALS", "MAX_CODE_ATTEMPTS", "PENDING_KEY"]

BAD_CREDENTIALS = (
    "Enter a correct email address and password. Both are case sensitive apart from the email."
)
KEY_NOT_ACCEPTED = "Your security key was not accepted. Try again or enter a code."
WRONG_CODE = "The code is not right or has expired. Wait for the next code and enter it."
WRONG_CODE_KEY_ONLY = (
    "Use your security key, or enter one of your recovery codes if you have lost it."
)
WRONG_NEW_CODE = "The code is not right. Check the time on your phone and try the newest code."


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _safe_back(request: HttpRequest) -> str:
    """The page to return to after a confirmed download: our own, by path, or nothing."""
    candidate = request.POST.get("back") or request.GET.get("back") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return ""


def _next_page(request: HttpRequest, result: SignInResult) -> HttpResponse:
    """Where a sign-in step that did not stay on its page leads."""
    if result.step is SignInStep.CODE:
        return redirect("accounts:sign-in-code")
    if result.step is SignInStep.SET_UP_AUTHENTICATOR:
        return redirect("accounts:mfa-setup")
    if result.step is SignInStep.TOO_MANY_ATTEMPTS:
        messages.info(request, "Too many codes were not right. Please sign in again.")
        return redirect("accounts:sign-in")
    if result.step is SignInStep.EXPIRED:
        messages.info(request, "Please sign in again.")
        return redirect("accounts:sign-in")
    if result.user is None:  # REFUSED is answered on its own page, never here
        return redirect("accounts:sign-in")
    if result.recovery_codes_left is not None:
        messages.warning(
            request,
            f"You signed in with a recovery code. You have {result.recovery_codes_left} left. "
            "If you lost your phone, set up your authenticator app again from 'Your account'.",
        )
    # A parent or young person is shown how to leave quickly before anything else (portal).
    # An app may show a page first (the portal: a family member is shown how to leave quickly).
    return redirect(hooks.page_after_sign_in(user=result.user, wanted=result.next_url))


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.start_sign_in(
            request=request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            next_url=_safe_next(request),
        )
        # LOCKED_OUT: django-axes' middleware swaps this page for its lock-out page (locked_out).
        if result.step not in (SignInStep.REFUSED, SignInStep.LOCKED_OUT):
            return _next_page(request, result)
        form.add_error(None, BAD_CREDENTIALS)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "timed_out": "timeout" in request.GET},
    )


def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = services.pending_sign_in_user(request)
    if user is None:
        messages.info(request, "Please sign in again.")
        return redirect("accounts:sign-in")
    if services.pending_sign_in_needs_authenticator(request):
        return redirect("accounts:mfa-setup")
    form = CodeForm(request.POST or None)
    key_response = request.POST.get("webauthn_response", "")
    if request.method == "POST" and key_response:
        result = services.complete_sign_in_with_key(request=request, response=key_response)
        if result.step is not SignInStep.REFUSED:
            return _next_page(request, result)
        form = CodeForm()  # nothing was typed: show the key's error, not "enter a code"
        form.cleaned_data = {}
        form.add_error(None, KEY_NOT_ACCEPTED)
    elif request.method == "POST" and form.is_valid():
        result = services.complete_sign_in_with_code(
            request=request, code=form.cleaned_data["code"]
        )
        if result.step is not SignInStep.REFUSED:
            return _next_page(request, result)
        form.add_error(
            "code", WRONG_CODE_KEY_ONLY if services.security_key_only(user) else WRONG_CODE
        )
    key_only = services.security_key_only(user)
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
    device = services.sign_in_enrolment_device(request=request)
    if device is None:
        # Nothing to set up: someone with a second factor uses it (never replaces it here).
        pending = services.pending_sign_in_user(request)
        return redirect("accounts:sign-in-code" if pending else "accounts:sign-in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.complete_sign_in_with_new_authenticator(
            request=request, code=form.cleaned_data["code"]
        )
        if result.step is SignInStep.SIGNED_IN:
            request.session["recovery_codes"] = result.new_recovery_codes
            return redirect("accounts:recovery-codes")
        if result.step is not SignInStep.REFUSED:
            return _next_page(request, result)
        form.add_error("code", WRONG_NEW_CODE)
    return render(request, "accounts/mfa_setup.html", {"form": form, **_enrolment(device)})


def _enrolment(device: TOTPDevice) -> dict[str, Any]:
    """The QR code and the same secret in groups of four, for typing in by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return {
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }


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
    user = signed_in_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "sessions": selectors.sessions_of(user=user),
            "current_key": request.session.session_key,
            "has_mfa": services.has_authenticator_app(user),
            "recovery_codes_left": services.recovery_codes_left(user),
            "security_keys": selectors.security_keys_of(user=user),
        },
    )


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    """End one other session of your own; anyone else's session id is a 404 (no IDOR)."""
    services.end_session(
        user=signed_in_user(request),
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
        user=signed_in_user(request),
        except_key=request.session.session_key,
        ended_by=request.user,
    )
    messages.success(request, f"Signed out of {count} other session{'s' if count != 1 else ''}.")
    return redirect("accounts:account")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Same page whether or not the account exists; the lock is on this email from this address only."""
    services.record_lockout(request=request, email=request.POST.get("email") or "")
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
def confirm_identity(request: HttpRequest) -> HttpResponse:
    """Password plus a fresh code or a security key (for people with a second factor) before a
    sensitive action."""
    user = signed_in_user(request)
    form = ConfirmIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.confirm_identity(
            request=request,
            password=form.cleaned_data["password"],
            code=form.cleaned_data["code"],
            key_response=request.POST.get("webauthn_response", ""),
        )
        if outcome is IdentityCheck.CONFIRMED:
            target = _safe_next(request)
            back = _safe_back(request)
            if back and confirming(target).download:
                # Back to where they were, and the download starts there (reauth.pending_download).
                start_download_on_return(request, url=target, back=back)
                messages.success(
                    request, "You have confirmed it is you. Your download has started."
                )
                return redirect(back)
            return redirect(target)
        if outcome is IdentityCheck.SIGNED_OUT:
            # Whoever holds this session cannot prove who they are: it has been ended.
            messages.info(request, "For security, you have been signed out. Please sign in again.")
            return redirect("accounts:sign-in")
        if outcome is IdentityCheck.CODE_JUST_USED and "code" in form.fields:
            form.add_error(
                "code",
                "That code has just been used. Wait for the next code from your authenticator "
                "app and enter it",
            )
        else:
            form.add_error(None, "Your password or code is not right. Try again.")
    if not services.has_confirmed_mfa(user):
        form.fields.pop("code")
    elif services.security_key_only(user):
        _recovery_codes_only(form)
    next_url = request.GET.get("next", "") or request.POST.get("next", "")
    return render(
        request,
        "accounts/confirm_identity.html",
        {
            "form": form,
            "next": next_url,
            "back": _safe_back(request),
            "purpose": confirming(next_url).purpose,
            "webauthn_options": services.security_key_request_options(request=request, user=user),
        },
    )


@login_required
@require_recent_auth(purpose="change your authenticator app")
def mfa_change(request: HttpRequest) -> HttpResponse:
    """Add (parents, optional) or replace (anyone) the authenticator app, after step-up."""
    user = signed_in_user(request)
    device = services.enrolment_device(request=request, user=user, session_key=ACCOUNT_ENROL_KEY)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.replace_authenticator(
            request=request, user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session["recovery_codes"] = codes
            messages.success(
                request,
                "Your authenticator app is set up. You have been signed out everywhere else.",
            )
            return redirect("accounts:recovery-codes")
        form.add_error("code", WRONG_NEW_CODE)
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            **_enrolment(device),
            "replacing": services.has_authenticator_app(user),
            "from_account": True,
        },
    )


@login_required
@role_required(FAMILY_ROLES)
@require_recent_auth(purpose="stop using an authenticator app")
def mfa_remove(request: HttpRequest) -> HttpResponse:
    """Parents and young people may stop using an authenticator app; staff never can."""
    user = signed_in_user(request)
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
@require_recent_auth(purpose="add a security key or passkey")
def security_key_add(request: HttpRequest) -> HttpResponse:
    """Add a security key or passkey: phishing-resistant, and quicker than typing a code."""
    user = signed_in_user(request)
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
@require_recent_auth(purpose="remove a security key")
def security_key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    key = services.own_security_key(user=user, key_id=pk, request=request)
    if not services.may_remove_security_key(user=user):
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
