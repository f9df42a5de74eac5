"""This app's kinds of record in words, for the audit trail and "Changed since you looked"
(``relsafe.audit.describe``). Registered from ``PlansConfig.ready``."""

from __future__ import annotations

from relsafe.audit.describe import register_record_kinds


def register() -> None:
    register_record_kinds(
        [
            {
                "object_type": "plans.plan",
                "noun": "the plan",
                "added": "started the plan",
                "shared": "shared the plan with the family",
                "viewed": "read the plan",
            },
            {"object_type": "plans.planaction", "noun": "an action in the plan"},
            {"object_type": "plans.referral", "noun": "a referral", "added": "recorded a referral"},
        ]
    )
