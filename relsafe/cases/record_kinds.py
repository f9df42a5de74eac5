"""This app's kinds of record in words, for the audit trail and "Changed since you looked"
(``relsafe.audit.describe``). Registered from ``CasesConfig.ready``."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "cases.family",
                "noun": "the family's details",
                "added": "opened the case",
                "viewed": "opened the family page",
                "shared": "shared the case",
                "exported": "exported the family's chronology",
            },
            {
                "object_type": "cases.youngperson",
                "noun": "a child's profile",
                "added": "added a child",
                "viewed": "opened a child's profile",
            },
            {"object_type": "cases.carer", "noun": "a parent or carer's details"},
            {
                "object_type": "cases.allocation",
                "noun": "the team around the family",
                "added": "added someone to the team around the family",
                "changed": "changed the team around the family",
                "viewed": "looked at the team around the family",
            },
            {
                "object_type": "cases.organisationshare",
                "noun": "who else can see the case",
                "added": "shared the case with another organisation",
            },
            {
                "object_type": "cases.strengthentry",
                "noun": "a strength",
                "added": "added a strength",
            },
            {
                "object_type": "cases.safecontactdecision",
                "noun": "a safe-contact decision",
                "added": "recorded how to reach someone safely",
            },
            {
                "object_type": "cases.duplicate_check_use",
                "noun": "the duplicate check",
                "case_record": False,
            },
        ]
    )
