"""The web pages of the API: personal access tokens (list, create, revoke) and the API's docs.
Thin, like every page: a selector or a service, then render."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe
from drf_spectacular.generators import SchemaGenerator

from relsafe.access.decorators import role_required
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import STAFF_ROLES
from relsafe.api import selectors, services
from relsafe.api.forms import TokenForm
from relsafe.core.forms import apply_validation_error


@login_required
@role_required(STAFF_ROLES)
@require_safe
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    tokens = selectors.tokens_for(user=request.user)
    return render(request, "api/token_list.html", {"tokens": tokens})


@login_required
@role_required(STAFF_ROLES)
@require_recent_auth
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Shown once, on this response only: never stored, never redirected with.
            return render(request, "api/token_made.html", {"made": made})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@role_required(STAFF_ROLES)
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = selectors.get_own_token(user=request.user, pk=pk)
    services.revoke_token(actor=request.user, token=token, request=request)
    messages.success(request, f"Token '{token.name}' no longer works.")
    return redirect("api:tokens")


def hidden_from_the_public(view: Any) -> Any:
    """No API documentation for anyone not signed in (SECURITY.md item 27): a 404, as if there
    were none, instead of a sign-in page that would say it exists."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@hidden_from_the_public
@login_required
@role_required(STAFF_ROLES)
@require_safe
def api_docs(request: AuthenticatedRequest) -> HttpResponse:
    """A server-rendered list of the API's operations (no script, so it works under our CSP);
    the full OpenAPI document is at /api/schema/."""
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": (op.get("description") or "").split("\n")[0],
                    "tag": (op.get("tags") or [""])[0],
                }
            )
    return render(request, "api/docs.html", {"operations": operations, "info": schema["info"]})
