"""Step-up re-authentication before sensitive actions (exports, sharing with police, break-glass,
changing MFA): the person confirms their password and a fresh code if they have not in the last
few minutes (ASVS 7.5.1, 7.5.3)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast, overload
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

REAUTH_SESSION_KEY = "reauthenticated_at"

View = Callable[..., HttpResponseBase]
V = TypeVar("V", bound=Callable[..., Any])


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    if at is None:
        return False
    return time.time() - float(at) <= settings.REAUTH_WINDOW_SECONDS


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTH_SESSION_KEY] = time.time()


PENDING_TYPING_KEY = "reauth_pending_typing"
PENDING_TYPING_SECONDS = 15 * 60


def _same_site_referer(request: HttpRequest) -> str:
    """The page the person was on (our own, by path), so a download can bring them back to it."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(str(referer))
    return str(parts.path) + (f"?{parts.query}" if parts.query else "")


@overload
def require_recent_auth(view: V, /) -> V: ...


@overload
def require_recent_auth(*, purpose: str = "", download: bool = False) -> Callable[[V], V]: ...


def require_recent_auth(
    view: V | None = None, /, *, purpose: str = "", download: bool = False
) -> V | Callable[[V], V]:
    """Send the person to confirm who they are, then on to what they asked for.

    ``purpose`` says what is being confirmed, in words that follow "You are about to" on the
    confirm page ("download the family's chronology as a PDF"). A ``download`` view, once
    confirmed, does not leave the person on a blank confirm page: they go back to the page they
    came from, with a message, and the download starts there (``pending_download``).

    A form posted after the window ran out is not lost: what was typed waits in the (server-side)
    session for this page, and ``resumed_typing`` gives it back to the form once they return. It is
    never acted on by itself: the person checks it and sends it again."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if recently_reauthenticated(request):
                response: HttpResponseBase = view(request, *args, **kwargs)
                return response
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
            params = {"next": request.get_full_path()}
            back = _same_site_referer(request)
            if download and back and back != params["next"]:
                params["back"] = back
            query = urlencode(params)
            return HttpResponseRedirect(f"{reverse('accounts:confirm-identity')}?{query}")

        wrapped.requires_recent_auth = True  # type: ignore[attr-defined]
        wrapped.reauth_purpose = purpose  # type: ignore[attr-defined]
        wrapped.reauth_download = download  # type: ignore[attr-defined]
        return cast("V", wrapped)

    return decorate(view) if view is not None else decorate


@dataclass(frozen=True)
class Confirming:
    """What a confirm page is for, read from the view the person is going on to."""

    purpose: str
    download: bool


def confirming(next_url: str) -> Confirming:
    """The ``purpose`` and ``download`` of the view at ``next_url`` (none for an unknown path)."""
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return Confirming(purpose="", download=False)
    return Confirming(
        purpose=str(getattr(match.func, "reauth_purpose", "") or ""),
        download=bool(getattr(match.func, "reauth_download", False)),
    )


PENDING_DOWNLOAD_KEY = "reauth_pending_download"


def start_download_on_return(request: HttpRequest, *, url: str, back: str) -> None:
    """Once, on the page at ``back``, start the download at ``url`` (``pending_download``)."""
    request.session[PENDING_DOWNLOAD_KEY] = {"url": url, "path": urlsplit(back).path}


def pending_download(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the download to start on this page (base.html asks the browser to
    fetch it at once; the page itself stays). Taken once, and only on the page it was meant for,
    so a fragment rendered meanwhile does not use it up."""
    session = getattr(request, "session", None)
    pending = session.get(PENDING_DOWNLOAD_KEY) if session is not None else None
    if not pending or pending.get("path") != request.path:
        return {}
    del session[PENDING_DOWNLOAD_KEY]  # type: ignore[union-attr]
    return {"pending_download": pending.get("url", "")}


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
