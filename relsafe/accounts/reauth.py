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
from django.http import HttpRequest, HttpResponseRedirect
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


def require_recent_auth(view: View) -> View:
    """Send the person to confirm who they are, then back to the same page (GET) to carry on."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if recently_reauthenticated(request):
            return view(request, *args, **kwargs)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:confirm-identity')}?{query}")

    wrapped.requires_recent_auth = True  # type: ignore[attr-defined]
    return wrapped
