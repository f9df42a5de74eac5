"""What higher apps hear when a submission is sent.

Intelligence sits below justice (and outcomes…) in the layers, so it cannot call them; an app that
started a submission from its own record (justice: an intimidation concern passed on as
intelligence) registers a function here from its ``AppConfig.ready`` and is told, inside the
send's transaction, once the police copy is frozen. A hook that raises rolls the send back: the
record and the submission never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from relsafe.intelligence.models import Submission

SentHook = Callable[..., None]
_on_sent: dict[str, SentHook] = {}


def register_on_sent(name: str, hook: SentHook) -> None:
    """Call ``hook(actor=..., submission=..., request=...)`` after every send (registering a
    name again replaces it)."""
    _on_sent[name] = hook


def submission_sent(*, actor: Any, submission: Submission, request: HttpRequest | None) -> None:
    for hook in _on_sent.values():
        hook(actor=actor, submission=submission, request=request)
