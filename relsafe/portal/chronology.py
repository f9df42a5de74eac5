"""Held and cancelled appointments in the family's chronology (``cases.events``). Registered from
``PortalConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.cases.events import SignificantEvent, register_chronology_source
from relsafe.cases.models import Family
from relsafe.portal.models import Appointment
from relsafe.portal.selectors import appointment_events


def _events(user: Any, family: Family) -> list[SignificantEvent]:
    """Only those who arrange a family's appointments see them in its chronology."""
    if not policy.can(user, Action.ARRANGE_APPOINTMENT, family=family):
        return []
    events = []
    for appointment in appointment_events(family):
        when = timezone.localtime(appointment.starts_at)
        held = appointment.status == Appointment.Status.HELD
        where = f" {appointment.where}." if appointment.where else ""
        details = f"{when:%H:%M}.{where}"
        if appointment.who:
            details += f" Who was to be there: {appointment.who}."
        if not held and appointment.cancel_reason:
            details += f" Why it was cancelled: {appointment.cancel_reason}."
        events.append(
            SignificantEvent(
                date=when.date(),
                title=f"{appointment.title} {'held' if held else 'cancelled'}",
                kind="neutral",
                object_type="portal.appointment",
                object_id=appointment.pk,
                details=details.strip(),
                recorded_by=appointment.updated_by.full_name if appointment.updated_by else "",
            )
        )
    return events


def register() -> None:
    register_chronology_source(key="appointments", label="Appointments", events=_events)
