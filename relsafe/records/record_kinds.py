"""This app's kinds of record in words, for the audit trail and "Changed since you looked"
(``relsafe.audit.describe``). Registered from ``RecordsConfig.ready``."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "records.contact",
                "noun": "a contact",
                "added": "recorded a contact",
                "viewed": "read a contact",
            },
            {
                "object_type": "records.attachment",
                "noun": "an attached file",
                "added": "attached a file",
                "viewed": "opened an attached file",
            },
            {
                "object_type": "records.missingepisode",
                "noun": "a missing episode",
                "added": "recorded a missing episode",
                "viewed": "read a missing episode",
            },
            {
                "object_type": "records.returnhomeinterview",
                "noun": "a return home interview",
                "added": "recorded a return home interview",
            },
            {
                "object_type": "records.chronologyentry",
                "noun": "an event in the chronology",
                "added": "added an event to the chronology",
            },
        ]
    )
