"""What the page shell needs to draw "Exit this page" (the decision is ``selectors``')."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from relsafe.portal.selectors import shows_exit_this_page


def exit_this_page(request: HttpRequest) -> dict[str, Any]:
    """``exit_this_page.url`` for the button, the secondary link and the footer, or ``None``."""
    if not shows_exit_this_page(getattr(request, "user", None)):
        return {"exit_this_page": None}
    return {"exit_this_page": {"url": reverse("portal:exit")}}
