"""An appointment as an iCalendar file (RFC 5545, the icalendar library), the way the court
calendar feed writes its events (``justice/calendar.py``): times in UTC, a stable UID, and a
discreet title by default, because a calendar is seen by whoever picks up the phone
(PRODUCT.md §8). The portal sits below justice, so it keeps its own few lines."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from relsafe.portal.models import Appointment

DISCREET_TITLE = "Appointment"


def appointment_ics(appointment: Appointment, *, detail: bool = False) -> bytes:
    """One VCALENDAR with one VEVENT. Without ``detail`` it says only "Appointment" and the
    time: no place, no names, no description, no product or calendar name that names relsafe or
    the service. With ``detail`` (the parent chose it) it says what and where."""
    cal = Calendar()
    cal.add("prodid", "-//calendar//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@calendar")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", appointment.updated_at)
    event.add("sequence", appointment.version)
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    if appointment.status == Appointment.Status.CANCELLED:
        event.add("status", "CANCELLED")
    event.add("summary", appointment.title if detail else DISCREET_TITLE)
    if detail and appointment.where:
        event.add("location", appointment.where)
    cal.add_component(event)
    return bytes(cal.to_ical())
