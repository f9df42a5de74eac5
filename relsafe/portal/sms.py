"""Text messages, through a backend named by ``settings.RELSAFE_SMS_BACKEND`` (like Django's
``EMAIL_BACKEND``), so a provider can be plugged in without touching the code that decides
whether a text may be sent at all (``portal.notifications``).

A backend is any class with ``send(*, to: str, body: str) -> None`` that raises on failure.
``ConsoleSMSBackend`` (the demo) prints the text; ``LocmemSMSBackend`` (the tests) keeps it in
``outbox``. No real provider ships: choosing one is a deployment decision (docs/PORTAL.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "relsafe.portal.sms.ConsoleSMSBackend"


class SMSBackend(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class ConsoleSMSBackend:
    """Writes each text to standard output, as Django's console email backend does."""

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"Text message to {to}\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


# Texts "sent" in tests, oldest first (like django.core.mail.outbox).
outbox: list[TextMessage] = []


class LocmemSMSBackend:
    """Keeps each text in ``relsafe.portal.sms.outbox``, for tests."""

    def send(self, *, to: str, body: str) -> None:
        outbox.append(TextMessage(to=to, body=body))


def get_backend() -> SMSBackend:
    """An instance of the configured backend."""
    backend: type[SMSBackend] = import_string(
        getattr(settings, "RELSAFE_SMS_BACKEND", DEFAULT_BACKEND)
    )
    return backend()
