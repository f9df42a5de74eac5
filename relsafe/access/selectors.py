from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from relsafe.access.models import BreakGlassGrant


def grants_to_review(*, user: Any) -> QuerySet[BreakGlassGrant]:
    """Break-glass uses in the manager's organisation, not their own, still awaiting a review."""
    return (
        BreakGlassGrant.objects.filter(
            reviewed_at__isnull=True, user__organisation_id=user.organisation_id
        )
        .exclude(user=user)
        .select_related("user", "family")
    )
