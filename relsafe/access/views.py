"""Break-glass pages (a fuller flow lives in services; views stay thin)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relsafe.access import selectors
from relsafe.access.decorators import role_required
from relsafe.accounts.roles import Role


@login_required
@role_required({Role.TEAM_MANAGER})
def reviews(request: HttpRequest) -> HttpResponse:
    return render(
        request, "access/reviews.html", {"grants": selectors.grants_to_review(user=request.user)}
    )
