"""The role guard for views: which kinds of work a page is for. Which *objects* a person may see is
decided by ``relsafe.access.policy`` inside the selectors. Apps above ``access`` import it as
``relsafe.access.decorators.role_required``; ``accounts`` and ``audit`` (below ``access``) from
here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from relsafe.audit.services import record_refusal

View = Callable[..., HttpResponseBase]


def role_required(roles: Iterable[str]) -> Callable[[View], View]:
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request.user, "role", None) not in allowed:
                record_refusal(
                    actor=request.user,
                    attempted="open_page",
                    request=request,
                    object_type="url",
                    object_id=request.path[:64],
                    reason="this page is not for their role",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator
