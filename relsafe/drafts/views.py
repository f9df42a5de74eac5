"""Autosave and "Discard it". Thin: the service decides whether the draft may be kept, and every
refusal (someone else's ticket or draft, lost access) is audited before it becomes a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from relsafe.access.decorators import role_required
from relsafe.access.policy import NotAllowed
from relsafe.accounts.middleware import session_passive
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES
from relsafe.drafts import selectors, services


@session_passive
@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def save(request: AuthenticatedRequest) -> HttpResponse:
    """Called by the page's autosave (htmx, or a beacon as the page is hidden). Answers with the
    status line. Never counts as activity: only the person's own requests keep them signed in."""
    try:
        draft = services.keep_draft(
            actor=request.user,
            token=request.POST.get("draft_token", ""),
            data=request.POST,
            request=request,
        )
    except NotAllowed as refused:  # audited by the service; a 404 says nothing more
        raise Http404("No such form") from refused
    except ValidationError:
        return render(request, "drafts/_status.html", {"too_long": True}, status=413)
    return render(request, "drafts/_status.html", {"draft": draft})


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    draft = selectors.get_own_draft(user=request.user, pk=pk, request=request)
    back = draft.path
    services.discard_draft(actor=request.user, draft=draft, request=request)
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
