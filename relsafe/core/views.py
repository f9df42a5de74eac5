"""The start page each role lands on, the static information pages and the error pages."""

from __future__ import annotations

import json
import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from relsafe.accounts.roles import BREAK_GLASS_ROLES
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.core.start_page import start_page

logger = logging.getLogger("relsafe.csp")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """One URL for everyone; what it shows depends on the person's role and relationships: the
    panels other apps register (``core/start_page.py``), each computed here, before rendering."""
    context = start_page(request=request)
    return render(request, context["template"], context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Browsers post policy violations here; they are logged (bounded) for the security team."""
    body = request.body[:4096]
    try:
        report = json.loads(body or b"{}")
    except ValueError:
        report = {"unparsed": True}
    logger.warning("CSP violation: %s", json.dumps(report)[:2000])
    return HttpResponse(status=204)


def _error(request: HttpRequest, status: int, title: str, *lines: str) -> HttpResponse:
    return render(request, "errors/page.html", {"title": title, "lines": lines}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 400, "Sorry, there is a problem with that request", "Go back and try again."
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have access to this page",
        "If you need it for your work, ask your team manager.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Our 404. On a family's address, someone who may use emergency access is told it exists
    (whether or not the family does, so the page still confirms nothing)."""
    user = getattr(request, "user", None)
    offers_emergency_access = (
        request.path.startswith("/families/")
        and getattr(user, "is_authenticated", False)
        and getattr(user, "role", "") in BREAK_GLASS_ROLES
    )
    return render(
        request,
        "errors/page.html",
        {
            "title": "Page not found",
            "lines": (
                "If you typed the web address, check it is correct.",
                "If you followed a link to a family you are not working with, you will not be "
                "able to see it.",
            ),
            "offers_emergency_access": offers_emergency_access,
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Nothing you saved has been lost. Try again later.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW: a refused form post is audited like any other refusal, then
    the person sees our 403 page. Django's ``reason`` names what was missing or did not match
    (never the token itself); the submitted form is not logged."""
    record(
        action=AuditAction.ACCESS_DENIED,
        request=request,
        object_type="url",
        object_id=request.path[:64],
        reason=f"CSRF check failed: {reason}",
        detail={"method": request.method},
    )
    return _error(
        request,
        403,
        "Sorry, that form could not be sent",
        "This can happen when a page has been open a long time, or after signing out or in "
        "again in another tab.",
        "Go back, reload the page and try again.",
    )
