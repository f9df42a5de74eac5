""" "Language with care" pages: the live check behind any textarea, and "Check your wording"."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from relsafe.access.decorators import role_required
from relsafe.accounts.roles import STAFF_ROLES
from relsafe.language.catalogue import catalogue
from relsafe.language.checker import check
from relsafe.language.forms import MAX_TEXT_LENGTH, CheckWordingForm

# Form field names and element ids the live check will read or point at; anything else is ignored.
_NAME = re.compile(r"^[A-Za-z][\w-]{0,99}$")


def _name(value: str | None, default: str = "") -> str:
    return value if value and _NAME.match(value) else default


def _age(value: str | None) -> int | None:
    try:
        age = int((value or "").strip())
    except ValueError:
        return None
    return age if 0 <= age <= 25 else None


@login_required
@role_required(STAFF_ROLES)
@require_POST
def live_check(request: HttpRequest) -> HttpResponse:
    """htmx: the suggestions for one textarea's current text, as a fragment.

    The textarea is named by ``field`` (its form field name) and ``target`` (its element id, for the
    "Use this wording" buttons); the child's age comes from ``child_age`` or the field ``age_field``.
    """
    field = _name(request.POST.get("field"), "text")
    text = request.POST.get(field, "").replace("\r\n", "\n")
    age_field = _name(request.POST.get("age_field"))
    age = _age(request.POST.get(age_field) if age_field else request.POST.get("child_age"))
    context: dict[str, object] = {
        "target": _name(request.POST.get("target")),
        "limit": f"{MAX_TEXT_LENGTH:,}",
    }
    own_words = _name(request.POST.get("own_words_field"))
    if own_words and request.POST.get(own_words):
        # The young person's own words, recorded as they said them: not ours to correct.
        context["findings"] = []
    elif len(text) > MAX_TEXT_LENGTH:
        context["too_long"] = True
    else:
        context["findings"] = check(text, child_age=age)
    return render(request, "language/_findings.html", context)


@login_required
@role_required(STAFF_ROLES)
def try_wording(request: HttpRequest) -> HttpResponse:
    """ "Check your wording": a textarea with the live check, and a check on submit without JS."""
    form = CheckWordingForm(request.POST or None)
    checked = request.method == "POST" and form.is_valid()
    findings = form.language_warnings.get("text", []) if checked else []
    return render(
        request,
        "language/try.html",
        {
            "form": form,
            "checked": checked,
            "language_findings": findings,
            "rule_groups": catalogue(),
        },
    )
