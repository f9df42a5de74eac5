"""Recompute the referral decision dates the caseload sorts by (see services.refresh_next_decisions)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.plans.services import refresh_next_decisions


class Command(BaseCommand):
    help = "Recompute every referral's next decision date; run after changing BANK_HOLIDAY_REGION."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = refresh_next_decisions()
        self.stdout.write(f"{changed} referral deadline(s) changed.")
