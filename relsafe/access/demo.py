"""Demo break-glass history (fictional), so the review page has something on it: one past use that
Dana reviewed as justified, and one by Morgan that is waiting for review and overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relsafe.access.models import BreakGlassGrant
from relsafe.core.demo import DemoWorld

REVIEWED_REASON = (
    "Jayden's mum rang the out-of-hours line at 1 am: he had not come home and she had found "
    "messages from an unknown adult arranging to meet him. I needed the safety plan and contacts."
)
WAITING_REASON = (
    "Police asked at 11 pm for Jayden's trusted adults and safe places while he was missing; "
    "his allocated worker was off shift."
)


@transaction.atomic
def seed(world: DemoWorld) -> None:
    morgan = world.people["morgan"]
    dana = world.people["dana"]
    jayden_family = world.families["jayden"]
    now = timezone.now()

    started = now - dt.timedelta(days=40, hours=3)
    BreakGlassGrant.objects.get_or_create(
        user=morgan,
        family=jayden_family,
        reason_text=REVIEWED_REASON,
        defaults={
            "reason_code": BreakGlassGrant.ReasonCode.OUT_OF_HOURS,
            "started_at": started,
            "expires_at": started + dt.timedelta(hours=4),
            "ended_at": started + dt.timedelta(minutes=50),
            "reviewed_by": dana,
            "reviewed_at": started + dt.timedelta(days=1, hours=9),
            "review_outcome": BreakGlassGrant.ReviewOutcome.JUSTIFIED,
            "review_notes": "Right call: Jayden was found safe by 3 am. Morgan ended access promptly.",
        },
    )

    started = now - dt.timedelta(days=6, hours=2)
    BreakGlassGrant.objects.get_or_create(
        user=morgan,
        family=jayden_family,
        reason_text=WAITING_REASON,
        defaults={
            "reason_code": BreakGlassGrant.ReasonCode.POLICE_REQUEST,
            "started_at": started,
            "expires_at": started + dt.timedelta(hours=4),
            "ended_at": started + dt.timedelta(hours=1, minutes=15),
        },
    )
