"""Family case pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relsafe.access.decorators import role_required
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases import selectors

CASE_READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}


@login_required
@role_required(CASEWORK_ROLES)
def caseload(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.caseload(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cases/caseload.html", {"page": page})


@login_required
@role_required(CASEWORK_ROLES)
def find(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = list(selectors.caseload(user=request.user).filter(name__icontains=query)[:50])
        record(action=AuditAction.SEARCH, request=request, detail={"results": len(results)})
    return render(request, "cases/find.html", {"query": query, "results": results})


@login_required
@role_required(CASE_READERS)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    return render(request, "cases/family.html", {"family": family})
