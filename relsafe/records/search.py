"""What records contributes to the search (``relsafe.core.search``): contacts and chronology
events, scoped by the records selectors (sharing between organisations and with police)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from relsafe.core.search import Described, SearchKind, local_midday, register
from relsafe.records.models import ChronologyEntry, Contact
from relsafe.records.selectors import visible_chronology_entries, visible_contacts


def _contact(contact: Contact) -> Described:
    return Described(
        title=f"{contact.get_kind_display()}, {timezone.localtime(contact.occurred_at):%d %b %Y}",
        family=contact.family,
        when=contact.occurred_at,
        url=reverse("records:contact", args=[contact.pk]),
    )


def _entry(entry: ChronologyEntry) -> Described:
    return Described(
        title=entry.title,
        family=entry.family,
        when=local_midday(entry.occurred_on),
        url=reverse("records:chronology", args=[entry.family_id]),
    )


def register_kinds() -> None:
    register(
        SearchKind(
            key="contact",
            label="Contacts",
            hit_label="Contact",
            model=Contact,
            visible=visible_contacts,
            describe=_contact,
            newest="occurred_at",
            order=10,
        )
    )
    register(
        SearchKind(
            key="event",
            label="Chronology events",
            hit_label="Chronology event",
            model=ChronologyEntry,
            visible=visible_chronology_entries,
            describe=_entry,
            newest="occurred_on",
            order=20,
        )
    )
