"""Where sign-in and the session policy let apps above ``accounts`` take part, without ``accounts``
importing them. An app registers from its ``AppConfig.ready``:

* ``register_after_sign_in(hook)`` - ``hook(user=, wanted=)`` may return a page to show before the
  one the person asked for (the portal's "how to leave quickly" page, once, for a family member),
  or None to let sign-in carry on. The first hook that answers wins, in registration order.
* ``register_timeout_keeper(key, wants=, keep=)`` - for a form posted just after the session timed
  out: ``wants(request)`` says, from the raw post alone, whether this keeper has a use for it (the
  drafts app looks for its ``draft_token``); if any does, the post goes on through Django's own
  CSRF check (a cross-site post keeps nothing) and ``keep(request)`` is called while
  ``request.user`` is the person who typed it. ``keep`` handles its own refusals and returns without raising.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.http import HttpRequest
from django.shortcuts import resolve_url


class AfterSignIn(Protocol):
    def __call__(self, *, user: Any, wanted: str) -> str | None: ...


@dataclass(frozen=True)
class TimeoutKeeper:
    wants: Callable[[HttpRequest], bool]
    keep: Callable[[HttpRequest], None]


_after_sign_in: dict[str, AfterSignIn] = {}
_timeout_keepers: dict[str, TimeoutKeeper] = {}


def register_after_sign_in(key: str, hook: AfterSignIn) -> None:
    """Add (or replace, by key: ``ready()`` may run more than once) a page shown after sign-in."""
    _after_sign_in[key] = hook


def register_timeout_keeper(
    key: str, *, wants: Callable[[HttpRequest], bool], keep: Callable[[HttpRequest], None]
) -> None:
    """Add (or replace, by key) something that keeps what a timed-out post carried."""
    _timeout_keepers[key] = TimeoutKeeper(wants=wants, keep=keep)


def page_after_sign_in(*, user: Any, wanted: str) -> str:
    """Where a completed sign-in goes: a page an app asks for first, or the one the person wanted
    (``wanted`` is a URL or a URL name, already checked to be on this site)."""
    for hook in _after_sign_in.values():
        page = hook(user=user, wanted=wanted)
        if page:
            return page
    return resolve_url(wanted)


def timeout_keepers_for(request: HttpRequest) -> list[TimeoutKeeper]:
    """The keepers that want this timed-out post (before its CSRF token is checked)."""
    return [keeper for keeper in _timeout_keepers.values() if keeper.wants(request)]
