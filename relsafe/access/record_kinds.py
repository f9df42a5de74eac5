"""This app's kinds of record in words, for the audit trail (``relsafe.audit.describe``).
Registered from ``AccessConfig.ready``. None of them is part of a case."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "access.breakglassgrant",
                "noun": "emergency access",
                "case_record": False,
                "viewed": "looked at a use of emergency access",
            },
            {
                "object_type": "access.notification",
                "noun": "a message",
                "case_record": False,
                "changed": "read a message",
            },
        ]
    )
