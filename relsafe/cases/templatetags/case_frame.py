"""``{% case_frame as frame %}``: the frame of a family-scoped page (``cases/family_base.html``).

The one tag in ``cases`` that reads: the frame is built once per request by
``cases.family_page.case_frame`` (a fixed number of queries, through access-scoped selectors) for
the ``family`` in the page's context, which the page's own selector has already opened and
audited. It is a tag rather than a view helper so that every app's family pages (and the areas
still being built) join the frame by extending one template, without each view remembering to
build it. ``family_tab`` in the context names the current tab when the URL does not.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.urls import NoReverseMatch, reverse

from relsafe.cases.family_page import CaseFrame
from relsafe.cases.family_page import case_frame as build_frame

register = template.Library()


def _family_from(context: Context) -> Any:
    family = context.get("family")
    if family is None:
        for name in (
            "ecomap",
            "young_person",
            "contact",
            "episode",
            "plan",
            "mapping",
            "screening",
        ):
            obj = context.get(name)
            if obj is not None and getattr(obj, "family", None) is not None:
                return obj.family
    return family


@register.simple_tag(takes_context=True, name="case_frame")
def case_frame_tag(context: Context) -> CaseFrame | None:
    request = context.get("request")
    family = _family_from(context)
    if request is None or family is None:
        return None
    cache: dict[int, CaseFrame] = request.__dict__.setdefault("_case_frames", {})
    if family.pk not in cache:
        caseload = ""
        try:
            href = reverse("cases:caseload")
        except NoReverseMatch:
            href = ""
        if any(item.get("href") == href for item in context.get("nav_items") or []):
            caseload = href
        cache[family.pk] = build_frame(
            request=request,
            family=family,
            current=context.get("family_tab") or "",
            caseload_href=caseload,
        )
    return cache[family.pk]


@register.filter
def phone(e164: str) -> str:
    """A stored E.164 number as people read it (national format for UK numbers)."""
    from relsafe.core.contact_details import display_phone

    return display_phone(e164)
