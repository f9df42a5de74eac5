"""This app's kinds of record in words, for the audit trail and "Changed since you looked"
(``relsafe.audit.describe``). Registered from ``AssessmentsConfig.ready``."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "assessments.safetymapping",
                "noun": "a strengths and worries mapping",
                "added": "recorded a strengths and worries mapping",
            },
            {
                "object_type": "assessments.screening",
                "noun": "an exploitation screening",
                "added": "recorded an exploitation screening",
            },
        ]
    )
