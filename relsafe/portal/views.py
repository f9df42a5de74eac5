"""The family portal's safety pages: the quick-exit target, the interruption page that explains
it, and the safety content page (GOV.UK "Exit a page quickly" pattern)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from relsafe.access.decorators import role_required
from relsafe.accounts.middleware import ends_session
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import FAMILY_ROLES
from relsafe.portal import services

# "cache" also drops pages kept for the back button; "cookies" the session and CSRF cookies;
# "storage" anything a script stored. The browser does this itself, even if the server is slow.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@ends_session
@require_safe
def exit_page(request: HttpRequest) -> HttpResponse:
    """Where "Exit this page" goes (a plain link, so it works without JavaScript): end the
    session on the server, tell the browser to forget this site, and leave for a neutral page.

    A GET with a side effect on purpose: it must work from the button, Shift x3 and the
    secondary link alike. It only ever ends a family member's session, so a forged link can do
    no more than sign a parent or young person out. Staff never see the button; one who follows
    a link here stays signed in and goes back to their start page, told how to sign out. The
    redirect has no body or title, is never stored, and tells the neutral site nothing about
    where the person came from.
    """
    if not services.quick_exit(request=request):
        messages.info(
            request,
            "You are still signed in. 'Exit this page' is for parents and young people. "
            "To sign out, use 'Sign out'.",
        )
        response = redirect("core:start")
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponseRedirect(settings.EXIT_THIS_PAGE_URL)
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _safe_next(request: HttpRequest) -> str:
    """The page to carry on to after the interruption page: only ever one on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@role_required(FAMILY_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def interruption(request: AuthenticatedRequest) -> HttpResponse:
    """Shown once after a parent's or young person's first sign-in, and whenever they open it
    from their account page: how to leave quickly, before they see any family information.
    "Continue" remembers it has been seen."""
    next_url = _safe_next(request)
    if request.method == "POST":
        services.mark_exit_guidance_seen(user=request.user)
        return redirect(next_url)
    return render(
        request,
        "portal/interruption.html",
        {"next": next_url, "exit_site": urlsplit(settings.EXIT_THIS_PAGE_URL).hostname},
    )


@require_safe
def staying_safe_online(request: HttpRequest) -> HttpResponse:
    """Safety advice anyone can read, signed in or not: no case data here."""
    return render(
        request,
        "portal/staying_safe_online.html",
        {"exit_site": urlsplit(settings.EXIT_THIS_PAGE_URL).hostname},
    )
