"""What is held about one person, across the apps, as passages of plain text.

Governance sits above every domain app, so it reads their models directly here; a new app adds a
source with ``register_subject_source``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from relsafe.cases.models import Carer, Family, StrengthEntry, YoungPerson
from relsafe.portal.models import CheckIn, Message
from relsafe.records.models import ChronologyEntry, Contact, MissingEpisode, ReturnHomeInterview
from relsafe.records.services import plain_text


@dataclass(frozen=True)
class Found:
    source: str
    source_type: str
    source_id: str
    text: str


Subject = Carer | YoungPerson
Source = Callable[[Family, Subject], Iterable[Found]]
SOURCES: list[Source] = []


def register_subject_source(source: Source) -> Source:
    SOURCES.append(source)
    return source


def subjects_of(family: Family) -> list[tuple[str, str]]:
    """The people a request may be about: ``(label, name)``, label as ``kind:pk``."""
    people = [(f"carer:{c.pk}", c.full_name) for c in family.carers.order_by("pk")]
    people += [(f"young_person:{y.pk}", str(y)) for y in family.young_people.order_by("pk")]
    return people


def subject_for(family: Family, label: str) -> Subject | None:
    kind, _, pk = label.partition(":")
    if not pk.isdigit():
        return None
    if kind == "carer":
        return family.carers.filter(pk=pk).first()
    if kind == "young_person":
        return family.young_people.filter(pk=pk).first()
    return None


def _lines(*parts: tuple[str, str]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in parts if value and value.strip())


@register_subject_source
def _profile(family: Family, subject: Subject) -> Iterable[Found]:
    if isinstance(subject, YoungPerson):
        text = _lines(
            ("Name", str(subject)),
            ("Date of birth", subject.date_of_birth.strftime("%d %B %Y")),
            ("Identity", subject.identity),
            ("Culture", subject.culture),
            ("Communication needs", subject.communication_needs),
            ("Health", subject.health),
            ("Education", subject.education),
            ("Concerns", subject.concerns),
        )
        yield Found("Profile", "cases.youngperson", str(subject.pk), text)
    else:
        text = _lines(("Name", subject.full_name), ("Relationship", subject.relationship))
        yield Found("Profile", "cases.carer", str(subject.pk), text)


@register_subject_source
def _contacts(family: Family, subject: Subject) -> Iterable[Found]:
    contacts = Contact.objects.filter(family=family).order_by("occurred_at", "pk")
    if isinstance(subject, YoungPerson):
        contacts = contacts.filter(young_people=subject)
    for contact in contacts:
        text = _lines(
            ("What was discussed", plain_text(contact.discussed)),
            ("The young person's voice", plain_text(contact.young_person_voice)),
            ("The parent's voice", plain_text(contact.parent_voice)),
            ("Actions agreed", plain_text(contact.actions_agreed)),
        )
        when = contact.occurred_at.strftime("%d %B %Y")
        yield Found(f"Contact, {when}", "records.contact", str(contact.pk), text)


@register_subject_source
def _chronology(family: Family, subject: Subject) -> Iterable[Found]:
    entries = ChronologyEntry.objects.filter(family=family).order_by("occurred_on", "pk")
    if isinstance(subject, YoungPerson):
        entries = entries.filter(young_people=subject)
    for entry in entries:
        text = _lines(("Title", entry.title), ("Details", plain_text(entry.details)))
        when = entry.occurred_on.strftime("%d %B %Y")
        yield Found(f"Chronology, {when}", "records.chronologyentry", str(entry.pk), text)


@register_subject_source
def _missing(family: Family, subject: Subject) -> Iterable[Found]:
    if not isinstance(subject, YoungPerson):
        return
    for episode in MissingEpisode.objects.filter(young_person=subject).order_by(
        "reported_missing_at"
    ):
        text = _lines(
            ("Reported by", episode.reported_by),
            ("Where found", episode.where_found),
            ("Found by", episode.found_by_detail),
        )
        when = episode.reported_missing_at.strftime("%d %B %Y")
        yield Found(f"Missing episode, {when}", "records.missingepisode", str(episode.pk), text)


@register_subject_source
def _strengths(family: Family, subject: Subject) -> Iterable[Found]:
    if not isinstance(subject, YoungPerson):
        return
    for entry in StrengthEntry.objects.filter(young_person=subject).order_by("recorded_at"):
        when = entry.recorded_at.strftime("%d %B %Y")
        yield Found(
            f"{entry.get_kind_display()}, {when}", "cases.strengthentry", str(entry.pk), entry.text
        )


@register_subject_source
def _return_interviews(family: Family, subject: Subject) -> Iterable[Found]:
    if not isinstance(subject, YoungPerson):
        return
    interviews = ReturnHomeInterview.objects.filter(episode__young_person=subject, declined=False)
    for interview in interviews.order_by("episode__reported_missing_at"):
        text = _lines(
            ("Where they were", plain_text(interview.where_they_were)),
            ("Who with", plain_text(interview.who_with)),
            ("Push factors", plain_text(interview.push_factors)),
            ("Pull factors", plain_text(interview.pull_factors)),
            ("Harm", plain_text(interview.harm)),
            ("What would help", plain_text(interview.what_would_help)),
        )
        when = interview.done_at.strftime("%d %B %Y") if interview.done_at else "not held"
        yield Found(
            f"Return home interview, {when}", "records.returnhomeinterview", str(interview.pk), text
        )


@register_subject_source
def _own_words(family: Family, subject: Subject) -> Iterable[Found]:
    """What the person wrote themselves on the family portal: messages and check-in notes."""
    if not subject.portal_user_id:
        return
    messages = Message.objects.filter(thread__family=family, author_id=subject.portal_user_id)
    for message in messages.order_by("sent_at"):
        when = message.sent_at.strftime("%d %B %Y")
        yield Found(f"Your message, {when}", "portal.message", str(message.pk), message.body)
    check_ins = CheckIn.objects.filter(family=family, person_id=subject.portal_user_id)
    for check_in in check_ins.order_by("recorded_at"):
        when = check_in.recorded_at.strftime("%d %B %Y")
        yield Found(f"Your check-in, {when}", "portal.checkin", str(check_in.pk), check_in.note)


def gather(family: Family, subject: Subject) -> list[Found]:
    """Everything each source holds about the subject, with empty passages left out."""
    return [found for source in SOURCES for found in source(family, subject) if found.text.strip()]
