"""Step-up re-authentication before sensitive actions (exports, sharing with police, break-glass,
changing MFA): the person confirms their password and a fresh code if they have not in the last
few minutes (ASVS 7.5.1, 7.5.3)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.http.response import HttpResponseBase
from django.urls import reverse

REAUTH_SESSION_KEY = "reauthenticated_at"

View = Callable[..., HttpResponseBase]


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    if at is None:
        return False
    return time.time() - float(at) <= settings.REAUTH_WINDOW_SECONDS


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTH_SESSION_KEY] = time.time()


PENDING_TYPING_KEY = "reauth_pending_typing"
PENDING_TYPING_SECONDS = 15 * 60


def require_recent_auth(view: View) -> View:
    """Send the person to confirm who they are, then back to the same page (GET) to carry on.

    A form posted after the window ran out is not lost: what was typed waits in the (server-side)
    session for this page, and ``resumed_typing`` gives it back to the form once they return. It is
    never acted on by itself: the person checks it and sends it again."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if recently_reauthenticated(request):
            return view(request, *args, **kwargs)
        if request.method == "POST":
            request.session[PENDING_TYPING_KEY] = {
                "path": request.path,
                "at": time.time(),
                "data": {
                    key: request.POST.getlist(key)
                    for key in request.POST
                    if key != "csrfmiddlewaretoken"
                },
            }
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:confirm-identity')}?{query}")

    wrapped.requires_recent_auth = True  # type: ignore[attr-defined]
    return wrapped


def resumed_typing(request: HttpRequest) -> QueryDict | None:
    """What the person typed into this page before being asked to confirm who they are, once,
    as form data to show again (with a message saying so); None if there is nothing for this page."""
    pending = request.session.get(PENDING_TYPING_KEY)
    if request.method != "GET" or not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING_TYPING_KEY]
    if time.time() - float(pending.get("at", 0)) > PENDING_TYPING_SECONDS:
        return None
    data = QueryDict(mutable=True)
    for key, values in pending.get("data", {}).items():
        data.setlist(key, values)
    messages.info(
        request,
        "You have confirmed who you are. What you typed is below: check it and send it again.",
    )
    return data
