"""This app's kind of record in words, for the audit trail (``relsafe.audit.describe``).
A draft is its writer's alone, so it never counts as a change to the case."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "drafts.draft",
                "noun": "a draft",
                "case_record": False,
                "added": "saved a draft",
                "changed": "saved a draft",
            }
        ]
    )
