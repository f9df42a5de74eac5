"""Who sees the family portal's safety features, and when the interruption page is due.

``shows_exit_this_page`` is the one place that decides where "Exit this page" appears; the
template shell (``context_processors.exit_this_page``) only asks it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.people import AnyUser
from relsafe.accounts.roles import FAMILY_ROLES
from relsafe.portal.models import ExitGuidanceSeen


def shows_exit_this_page(user: AnyUser | None) -> bool:
    """Parents and young people see it on every page, and so does anyone not signed in: the
    sign-in pages and the safety page are where a parent may be before we know who they are.
    Staff never see it: it would sign them out of their casework for nothing."""
    if not isinstance(user, User) or not user.is_authenticated:
        return True
    return user.role in FAMILY_ROLES


def needs_exit_guidance(user: User) -> bool:
    """A parent or young person who has not yet been shown how to leave quickly."""
    return (
        user.is_authenticated
        and user.role in FAMILY_ROLES
        and not ExitGuidanceSeen.objects.filter(user=user).exists()
    )


def page_after_sign_in(*, user: User, wanted: str) -> str | None:
    """The interruption page first, for a parent or young person who has not seen it, carrying on
    afterwards to the page they wanted (``wanted`` is a URL or a URL name, already checked to be
    on this site); None for everyone else. Asked by sign-in through ``accounts.hooks``."""
    if not needs_exit_guidance(user):
        return None
    target = resolve_url(wanted)
    url = reverse("portal:interruption")
    if target != resolve_url(settings.LOGIN_REDIRECT_URL):
        url = f"{url}?{urlencode({'next': target})}"
    return url
