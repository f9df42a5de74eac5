"""Reviewing the audit trail: the administrator's filtered list and CSV export. Every read of the
trail is itself audited. (The "who has viewed this record" page for a family is the family's:
``cases.views.family_access``, over ``audit.selectors.family_trail``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from relsafe.accounts.guards import role_required
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import Role
from relsafe.audit import selectors
from relsafe.audit.forms import AuditFilterForm
from relsafe.core.exports import csv_response

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET, object_types=selectors.object_types())


@login_required
@role_required({Role.ADMINISTRATOR})
@require_safe
def events(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    order = request.GET.get("order", "desc")
    filters = form.filters(sort=sort, order=order)
    queryset = selectors.review_events(user=request.user, filters=filters, request=request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "selected": form.selected(),
            "query": _without(request, "page"),
            "sort_query": _without(request, "sort", "order", "page"),
        },
    )


def _without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@login_required
@role_required({Role.ADMINISTRATOR})
@require_safe
@require_recent_auth(purpose="download the audit trail as a spreadsheet (CSV)", download=True)
def events_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as CSV. An export leaves the system, so it needs a fresh sign-in check
    and is recorded (with its filters and row count) before the first row is written."""
    form = _filter_form(request)
    if not form.is_valid():
        messages.error(request, "Correct the filters before exporting.")
        return redirect(f"{reverse('audit:events')}?{request.GET.urlencode()}")
    filters = form.filters(
        sort=request.GET.get("sort", selectors.DEFAULT_SORT), order=request.GET.get("order", "desc")
    )
    rows = selectors.export_rows(user=request.user, filters=filters, request=request)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return csv_response(
        filename=f"relsafe-audit-trail-{stamp}-utc.csv", header=selectors.EXPORT_HEADER, rows=rows
    )
