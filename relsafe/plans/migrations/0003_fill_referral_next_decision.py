"""Fill ``Referral.next_decision`` / ``next_decision_on`` for referrals recorded before the services
kept them. The rules are frozen here as they stood (``plans/deadlines.py`` at this migration), so a
later change to the live rules cannot change what this migration did. Reversing clears the fields.

A batch of referrals per transaction (non-atomic), so a large table is never held in one long
transaction; each row gets exactly the values it got when this filled them one by one."""

import datetime as dt

from django.db import migrations

from relsafe.core.migration_operations import backfill

WORKING_DAYS = {"nrm_reasonable_grounds": 5, "mash_decision": 1, "mace_outcome": 5}
CALENDAR_DAYS = {"nrm_conclusive_grounds": 30, "mace_meeting": 28}


def _add_working_days(start, days):
    current, added = start, 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def _next(referral):
    if referral.kind == "nrm":
        if referral.reasonable_grounds_on is None:
            return "nrm_reasonable_grounds", referral.submitted_on
        if (
            referral.reasonable_grounds_outcome == "positive"
            and referral.conclusive_grounds_on is None
        ):
            return "nrm_conclusive_grounds", referral.reasonable_grounds_on
        return None
    if referral.kind == "mash":
        return None if referral.outcome_on else ("mash_decision", referral.submitted_on)
    if referral.meeting_on is None:
        return "mace_meeting", referral.submitted_on
    if referral.outcome_on is None:
        return "mace_outcome", referral.meeting_on
    return None


def fill(model, referral):
    found = _next(referral)
    if found is None:
        return False
    key, start = found
    if key in WORKING_DAYS:
        due = _add_working_days(start, WORKING_DAYS[key])
    else:
        due = start + dt.timedelta(days=CALENDAR_DAYS[key])
    referral.next_decision, referral.next_decision_on = key, due
    return True


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("plans", "0002_referral_next_decision")]

    operations = [
        backfill(
            "plans",
            "Referral",
            fields=["next_decision", "next_decision_on"],
            fill=fill,
            undo={"next_decision": "", "next_decision_on": None},
        )
    ]
