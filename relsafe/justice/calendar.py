"""Calendar feeds as iCalendar (RFC 5545), written with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from relsafe.justice.selectors import FeedEvent


def feed_path(token: str) -> str:
    return f"{reverse('justice:feed')}?{urlencode({'key': token})}"


def to_ics(events: Iterable[FeedEvent]) -> bytes:
    """One VCALENDAR with a VEVENT per hearing; times in UTC so every calendar app agrees."""
    cal = Calendar()
    cal.add("prodid", "-//relsafe//court support//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "relsafe")
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", item.updated_at)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        cal.add_component(event)
    return bytes(cal.to_ical())
