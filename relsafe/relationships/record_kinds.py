"""This app's kinds of record in words, for the audit trail and "Changed since you looked"
(``relsafe.audit.describe``). Registered from ``RelationshipsConfig.ready``."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "relationships.connection",
                "noun": "the relationship map",
                "added": "added someone to the relationship map",
                "changed": "changed the relationship map",
                "removed": "took someone off the relationship map",
                "viewed": "looked at the relationship map",
            },
        ]
    )
