from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relsafe.access.decorators import role_required
from relsafe.accounts.roles import Role
from relsafe.audit import selectors
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record


@login_required
@role_required({Role.ADMINISTRATOR})
def events(request: HttpRequest) -> HttpResponse:
    """Reading the audit trail is itself audited (OWASP Logging: access to logs is logged)."""
    page = Paginator(selectors.recent_events(), 50).get_page(request.GET.get("page"))
    record(
        action=AuditAction.VIEW, request=request, object_type="audit.auditevent", object_id="list"
    )
    return render(request, "audit/events.html", {"page": page})
