"""Demo records (fictional): Jayden's night missing (PRODUCT.md §9 journey 2), Sam's contacts over
eight months, a chronology with his strengths beside the worries, and one overdue return home
interview in another family for the caseload flag; and last night's episode for Jayden, whose
interview is offered but not yet held, so his family's caseload row shows the 72-hour clock
running. Written in the careful language of §6.

Idempotent: a family that already has records is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.cases.models import Allocation, Family
from relsafe.core.demo import DemoWorld
from relsafe.records.models import (
    ChronologyEntry,
    Contact,
    MissingEpisode,
    ReturnHomeInterview,
    Tag,
)
from relsafe.records.services import (
    _organisation_id,
    contact_search_text,
    plain_text,
    sanitise_text,
)


def _at(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _contact(
    *,
    family: Family,
    author: User,
    when: dt.datetime,
    kind: str,
    discussed: str,
    young_people: list[Any],
    staff: list[User] | None = None,
    present: str = "",
    young_person_voice: str = "",
    parent_voice: str = "",
    actions_agreed: str = "",
    significant: bool = False,
    tag: str = Tag.NEUTRAL,
    share_with_police: bool = False,
) -> Contact:
    contact = Contact(
        family=family,
        kind=kind,
        occurred_at=when,
        present=present,
        discussed=sanitise_text(discussed),
        young_person_voice=sanitise_text(young_person_voice),
        parent_voice=sanitise_text(parent_voice),
        actions_agreed=sanitise_text(actions_agreed),
        significant=significant,
        chronology_tag=tag,
        share_with_police=share_with_police,
        recorded_by=author,
        recorded_by_organisation_id=_organisation_id(author),
        recorded_at=when,
        updated_at=when,
    )
    contact.search_text = contact_search_text(contact)
    contact.save()
    contact.young_people.set(young_people)
    contact.staff_present.set(staff or [author])
    return contact


def _entry(
    *,
    family: Family,
    author: User,
    days_ago: int,
    title: str,
    tag: str,
    young_people: list[Any],
    details: str = "",
    share_with_police: bool = False,
) -> None:
    clean = sanitise_text(details)
    entry = ChronologyEntry.objects.create(
        family=family,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        title=title,
        details=clean,
        tag=tag,
        share_with_police=share_with_police,
        recorded_by=author,
        recorded_by_organisation_id=_organisation_id(author),
        search_text=f"{title}\n{plain_text(clean)}".strip(),
    )
    entry.young_people.set(young_people)


def _seed_jayden(world: DemoWorld, family: Family) -> None:
    sam, leah = world.people["sam"], world.people["leah"]
    jayden = family.young_people.get(first_name="Jayden")
    amara = family.young_people.filter(first_name="Amara").first()
    opened_days = max((timezone.now() - family.opened_at).days, 30)

    _contact(
        family=family,
        author=sam,
        when=_at(opened_days - 3, 16, 30),
        kind=Contact.Kind.HOME_VISIT,
        present="Precious (mum)",
        young_people=[jayden],
        discussed=(
            "First visit to Precious at home. I explained that I work alongside her as a parent "
            "liaison officer and that I am not there to assess her parenting.\n\n"
            "Precious told me Jayden has gone missing three times since the summer, has a new phone "
            "she did not buy him, and that older males in a grey car wait for him near school. She "
            "is frightened and exhausted, and said she felt blamed at an earlier meeting."
        ),
        parent_voice="I know my son. Someone is grooming him and nobody was listening to me.",
        actions_agreed=(
            "Precious to keep a dated log of what she sees, including the car. Sam to go with "
            "Precious to the next multi-agency meeting. Sam to phone every week."
        ),
        significant=True,
        tag=Tag.CONCERN,
    )
    _contact(
        family=family,
        author=sam,
        when=_at(opened_days - 20, 18, 0),
        kind=Contact.Kind.PHONE_CALL,
        present="Precious (mum)",
        young_people=[jayden],
        discussed=(
            "Weekly call. Jayden went to football training every night this week and his uncle "
            "drove him home. Precious has started her log and wrote down the car's colour and make."
        ),
        parent_voice="It is the first week I have slept properly since the summer.",
    )
    _contact(
        family=family,
        author=sam,
        when=_at(opened_days - 60, 10, 0),
        kind=Contact.Kind.MEETING,
        staff=[sam, leah],
        present="Precious (mum), school safeguarding lead",
        young_people=[jayden],
        discussed=(
            "Multi-agency meeting about Jayden. Precious attended and gave her account in her own "
            "words. The plan names the adults exploiting Jayden and the places he is taken to, not "
            "his family. School will make sure Jayden has a mentor he trusts."
        ),
        parent_voice="For the first time I felt part of the meeting about my own child.",
        actions_agreed="Leah to refer to the exploitation panel. Sam to support Precious at court if needed.",
        significant=True,
        tag=Tag.NEUTRAL,
        share_with_police=True,
    )

    # Journey 2: a night missing. Precious reports him at 11 pm and finds him at the station at 3 am.
    missing_day = 40
    reported = _at(missing_day, 23, 0)
    returned = _at(missing_day - 1, 3, 0)
    episode = MissingEpisode.objects.create(
        family=family,
        young_person=jayden,
        reported_missing_at=reported,
        reported_by="Precious Mensah (mum)",
        returned_at=returned,
        where_found="Northbridge railway station",
        found_by=MissingEpisode.FoundBy.PARENT_OR_CARER,
        found_by_detail="Precious found him herself and brought him home",
        police_reference="NB-2026-04417",
        risk_level=MissingEpisode.Risk.HIGH,
        share_with_police=True,
        recorded_by=sam,
        recorded_by_organisation_id=sam.organisation_id,
        recorded_at=returned + dt.timedelta(hours=6),
    )
    ReturnHomeInterview.objects.create(
        episode=episode,
        offered_at=_at(missing_day - 1, 10, 0),
        done_at=_at(missing_day - 2, 16, 0),
        done_by="Sam Okoro, Northbridge Parents Together (independent of his care)",
        where_they_were=sanitise_text(
            "Taken by car to a flat in another town, then left at the station."
        ),
        who_with=sanitise_text('Two older males; one he knows as "Ghost".'),
        push_factors=sanitise_text(
            "He said nothing at home pushed him away. He worries about his mum being upset."
        ),
        pull_factors=sanitise_text(
            "He was told he owed money for the phone he was given and that his sister would be hurt "
            "if he did not go. This is criminal exploitation through debt and threats."
        ),
        harm=sanitise_text("No physical injury seen. He was frightened and had not eaten."),
        what_would_help=sanitise_text(
            "Being picked up after training by his uncle. A new phone number. Knowing the police "
            "will not treat him as the one in trouble. Time with his art teacher."
        ),
        recorded_by=sam,
        recorded_at=_at(missing_day - 2, 18, 0),
    )
    _contact(
        family=family,
        author=sam,
        when=_at(missing_day - 1, 14, 0),
        kind=Contact.Kind.HOME_VISIT,
        present="Precious (mum), Amara",
        young_people=[jayden] + ([amara] if amara else []),
        discussed=(
            "Visited the day after Jayden went missing. Precious found him herself at the station at "
            "3 am after searching for four hours. Jayden was tired and quiet. I offered the return "
            "home interview and he agreed to talk to me tomorrow."
        ),
        young_person_voice="I didn't want to go. They said I owed them for the phone.",
        parent_voice="I called the police at 11 and then went out looking. I wasn't going to wait.",
        actions_agreed="Sam to do the return home interview tomorrow. Precious to pass the car details to the police through Sam.",
        significant=True,
        tag=Tag.CONCERN,
        share_with_police=True,
    )
    _contact(
        family=family,
        author=sam,
        when=_at(12, 17, 0),
        kind=Contact.Kind.HOME_VISIT,
        present="Precious (mum), Jayden, Amara",
        young_people=[jayden] + ([amara] if amara else []),
        discussed=(
            "Jayden showed me his drawings for the school art show; he is proud of them. Precious "
            "says he has been home every night for five weeks. He walks Amara to school each morning."
        ),
        young_person_voice="Coach says I might make the county trials.",
        parent_voice="He is more like himself again.",
        significant=True,
        tag=Tag.STRENGTH,
    )

    _entry(
        family=family,
        author=sam,
        days_ago=opened_days - 45,
        title="Jayden scored in the cup final",
        tag=Tag.STRENGTH,
        young_people=[jayden],
        details="His uncle, who coaches the team, says he has been the first at training every week.",
    )
    _entry(
        family=family,
        author=sam,
        days_ago=25,
        title="Jayden's drawing chosen for the school art show",
        tag=Tag.STRENGTH,
        young_people=[jayden],
    )
    _entry(
        family=family,
        author=sam,
        days_ago=70,
        title="Jayden looks after his little sister",
        tag=Tag.STRENGTH,
        young_people=[jayden] + ([amara] if amara else []),
        details="He walks Amara to school every morning and reads with her at bedtime.",
    )
    _entry(
        family=family,
        author=sam,
        days_ago=opened_days - 30,
        title="Grey car seen outside school again",
        tag=Tag.CONCERN,
        young_people=[jayden],
        details="Precious saw the car at 3.15 pm and wrote down part of the plate. Passed to police.",
        share_with_police=True,
    )


def _seed_jayden_live_clock(world: DemoWorld, family: Family) -> None:
    """Last night: Jayden was not home after training and came home by himself this morning. The
    return home interview has been offered and not yet held, so the 72-hour clock is running on
    the caseload and start page."""
    sam = world.people["sam"]
    jayden = family.young_people.get(first_name="Jayden")
    returned = (timezone.now() - dt.timedelta(hours=20)).replace(second=0, microsecond=0)
    returned = returned.replace(minute=returned.minute - returned.minute % 15)
    episode = MissingEpisode.objects.create(
        family=family,
        young_person=jayden,
        reported_missing_at=returned - dt.timedelta(hours=9),
        reported_by="Precious Mensah (mum)",
        returned_at=returned,
        where_found="",
        found_by=MissingEpisode.FoundBy.RETURNED_THEMSELVES,
        police_reference="NB-2026-05230",
        risk_level=MissingEpisode.Risk.HIGH,
        share_with_police=True,
        recorded_by=sam,
        recorded_by_organisation_id=sam.organisation_id,
        recorded_at=returned + dt.timedelta(hours=2),
    )
    ReturnHomeInterview.objects.create(
        episode=episode,
        offered_at=returned + dt.timedelta(hours=3),
        recorded_by=sam,
        recorded_at=returned + dt.timedelta(hours=3),
    )


def _seed_overdue(world: DemoWorld, family: Family) -> None:
    """A recent episode whose return home interview is overdue: the caseload flag has something
    to show."""
    young_person = family.young_people.first()
    allocation = (
        Allocation.objects.filter(family=family, ended_at__isnull=True)
        .select_related("worker")
        .first()
    )
    if young_person is None or allocation is None:
        return
    worker = allocation.worker
    organisation_id = worker.organisation_id
    if organisation_id is None:
        return
    MissingEpisode.objects.create(
        family=family,
        young_person=young_person,
        reported_missing_at=_at(5, 21, 30),
        reported_by=f"{family.carers.first() or 'A parent'}",
        returned_at=_at(4, 7, 15),
        where_found="A friend's house across town",
        found_by=MissingEpisode.FoundBy.POLICE,
        police_reference="NB-2026-05102",
        risk_level=MissingEpisode.Risk.MEDIUM,
        recorded_by=worker,
        recorded_by_organisation_id=organisation_id,
    )
    _contact(
        family=family,
        author=worker,
        when=_at(4, 15, 0),
        kind=Contact.Kind.PHONE_CALL,
        young_people=[young_person],
        discussed=(
            f"Call with the family after {young_person.display_name} went missing overnight. "
            "The return home interview still needs to be arranged."
        ),
        significant=True,
        tag=Tag.CONCERN,
    )


def _seed_other(family: Family) -> None:
    """One first visit for any other demo family, so each case has something on its record."""
    allocation = (
        Allocation.objects.filter(family=family, ended_at__isnull=True)
        .select_related("worker")
        .first()
    )
    if allocation is None or not allocation.worker.organisation_id:
        return
    _contact(
        family=family,
        author=allocation.worker,
        when=min(
            max(family.opened_at + dt.timedelta(days=5), _at(60, 11, 0)),
            timezone.now() - dt.timedelta(hours=2),
        ),
        kind=Contact.Kind.HOME_VISIT,
        young_people=list(family.young_people.all()[:3]),
        discussed=(
            "First visit to the family at home. We talked about how things have been, who the "
            "young people trust, and what would help next."
        ),
        actions_agreed="Agree a time for the next visit.",
    )


def _has_records(family: Family) -> bool:
    return (
        Contact.objects.filter(family=family).exists()
        or MissingEpisode.objects.filter(family=family).exists()
    )


@transaction.atomic
def seed(world: DemoWorld) -> None:
    jayden_family = Family.objects.filter(reference="RS-0001").first()
    if jayden_family is not None and not _has_records(jayden_family):
        _seed_jayden(world, jayden_family)
        _seed_jayden_live_clock(world, jayden_family)
    ruby_family = Family.objects.filter(reference="RS-0002").first()
    if ruby_family is not None and not _has_records(ruby_family):
        _seed_overdue(world, ruby_family)
    for family in Family.objects.exclude(reference__in=["RS-0001", "RS-0002"]).order_by("pk")[:20]:
        if not _has_records(family):
            _seed_other(family)
