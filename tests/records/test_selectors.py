"""Who sees which records, and the chronology merged only as far as sharing allows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.records import selectors
from relsafe.records.models import Contact
from relsafe.records.selectors import ChronologyFilters
from tests.factories import (
    ChronologyEntryFactory,
    ContactFactory,
    MissingEpisodeFactory,
    ReturnHomeInterviewFactory,
)
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db


def _records(world: RecordsWorld) -> dict[str, Any]:
    """One contact private to the charity, one marked for police, one by the council worker."""
    private = ContactFactory.create(family=world.family, recorded_by=world.worker, significant=True)
    for_police = ContactFactory.create(
        family=world.family, recorded_by=world.worker, significant=True, share_with_police=True
    )
    by_council = ContactFactory.create(family=world.family, recorded_by=world.social_worker)
    elsewhere = ContactFactory.create(family=world.other_family, recorded_by=world.other_worker)
    return {
        "private": private,
        "for_police": for_police,
        "by_council": by_council,
        "elsewhere": elsewhere,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("worker", {"private", "for_police", "by_council"}),
        ("manager", {"private", "for_police", "by_council"}),
        ("social_worker", {"private", "for_police", "by_council"}),
        ("police_analyst", {"for_police"}),
        ("other_worker", {"elsewhere"}),
        ("other_manager", {"elsewhere"}),
        ("commissioner", set()),
        ("administrator", set()),
        ("parent", set()),
        ("young_person_user", set()),
    ],
)
def test_contacts_each_person_sees(world: RecordsWorld, who: str, expected: set[str]) -> None:
    records = _records(world)
    seen = set(selectors.visible_contacts(world.person(who)))
    assert seen == {records[k] for k in expected}


def test_police_see_their_own_records_and_nothing_once_the_share_ends(world: RecordsWorld) -> None:
    records = _records(world)
    assert set(selectors.visible_contacts(world.police_analyst)) == {records["for_police"]}
    world.family.shares.update(revoked_at=timezone.now())
    assert list(selectors.visible_contacts(world.police_analyst)) == []


def test_ending_an_allocation_removes_access_on_the_next_read(world: RecordsWorld) -> None:
    _records(world)
    assert selectors.visible_contacts(world.worker).exists()
    world.family.allocations.filter(worker=world.worker).update(ended_at=timezone.now())
    assert not selectors.visible_contacts(world.worker).exists()


def test_get_contact_audits_the_read_with_its_reason(world: RecordsWorld) -> None:
    contact = _records(world)["private"]
    assert selectors.get_contact(user=world.worker, pk=contact.pk) == contact
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="records.contact").get()
    assert event.reason == "allocated to the case"
    assert event.family_id == world.family.pk


def test_get_contact_is_a_404_for_anyone_else_and_is_audited(world: RecordsWorld) -> None:
    contact = _records(world)["private"]
    for who in ("other_worker", "police_analyst", "parent"):
        with pytest.raises(Http404):
            selectors.get_contact(user=world.person(who), pk=contact.pk)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 3


def _chronology_world(world: RecordsWorld) -> None:
    now = timezone.now()
    world.family.opened_at = now - dt.timedelta(days=60)
    world.family.save()
    ContactFactory.create(
        family=world.family,
        recorded_by=world.worker,
        significant=True,
        chronology_tag="concern",
        occurred_at=now - dt.timedelta(days=30),
        discussed="First visit with mum",
    )
    ContactFactory.create(family=world.family, recorded_by=world.worker, significant=False)
    episode = MissingEpisodeFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        reported_missing_at=now - dt.timedelta(days=10),
        returned_at=now - dt.timedelta(days=10) + dt.timedelta(hours=4),
        share_with_police=True,
    )
    ReturnHomeInterviewFactory.create(
        episode=episode,
        done_at=episode.returned_at + dt.timedelta(hours=30),
        pull_factors="Told he owed money",
        recorded_by=world.worker,
    )
    strength = ChronologyEntryFactory.create(
        family=world.family,
        recorded_by=world.worker,
        title="Jayden scored in the cup final",
        tag="strength",
        occurred_on=timezone.localdate() - dt.timedelta(days=3),
    )
    strength.young_people.set([world.young_person])
    sister = ChronologyEntryFactory.create(
        family=world.family,
        recorded_by=world.worker,
        title="Amara's first swimming badge",
        tag="strength",
        occurred_on=timezone.localdate() - dt.timedelta(days=2),
    )
    sister.young_people.set([world.sibling])


def test_chronology_shows_significant_events_with_strengths_and_concerns(
    world: RecordsWorld,
) -> None:
    _chronology_world(world)
    family, items = selectors.family_chronology(user=world.worker, pk=world.family.pk)
    assert family == world.family
    titles = [i.title for i in items]
    assert titles == [
        "Amara's first swimming badge",
        "Jayden scored in the cup final",
        f"Return home interview with {world.young_person.display_name}",
        f"{world.young_person.display_name} went missing",
        "Home visit",
        "Case opened",
    ]
    assert {i.tag for i in items} == {"strength", "concern", "neutral"}
    interview = items[2]
    assert "What pulled them away: Told he owed money" in interview.body_text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=world.family.pk).exists()


def test_chronology_filters(world: RecordsWorld) -> None:
    _chronology_world(world)

    def titles(**kwargs: Any) -> list[str]:
        _, items = selectors.family_chronology(
            user=world.worker, pk=world.family.pk, filters=ChronologyFilters(**kwargs)
        )
        return [i.title for i in items]

    assert titles(tags=frozenset({"strength"})) == [
        "Amara's first swimming badge",
        "Jayden scored in the cup final",
    ]
    assert titles(kinds=frozenset({"missing", "interview"})) == [
        f"Return home interview with {world.young_person.display_name}",
        f"{world.young_person.display_name} went missing",
    ]
    assert "Amara's first swimming badge" not in titles(young_person_id=world.young_person.pk)
    assert "Case opened" in titles(young_person_id=world.young_person.pk)
    assert titles(date_from=timezone.localdate() - dt.timedelta(days=3)) == [
        "Amara's first swimming badge",
        "Jayden scored in the cup final",
    ]
    assert titles(date_to=timezone.localdate() - dt.timedelta(days=29))[-1] == "Case opened"


def test_police_chronology_has_only_what_was_shared(world: RecordsWorld) -> None:
    _chronology_world(world)
    _, items = selectors.family_chronology(user=world.police_analyst, pk=world.family.pk)
    assert [i.kind for i in items] == ["interview", "missing", "case"]


def test_chronology_is_a_404_without_access(world: RecordsWorld) -> None:
    with pytest.raises(Http404):
        selectors.family_chronology(user=world.other_worker, pk=world.family.pk)


def test_export_is_audited_with_format_and_count(world: RecordsWorld) -> None:
    _chronology_world(world)
    _, items = selectors.chronology_for_export(
        user=world.worker,
        pk=world.family.pk,
        filters=ChronologyFilters(tags=frozenset({"strength"})),
        export_format="pdf",
    )
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.detail["format"] == "pdf"
    assert event.detail["entries"] == len(items) == 2
    assert event.detail["filters"]["tags"] == ["strength"]


@pytest.mark.parametrize("size", [2, 12])
def test_chronology_queries_do_not_grow_with_events(
    world: RecordsWorld, size: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(size):
        contact = ContactFactory.create(
            family=world.family, recorded_by=world.worker, significant=True
        )
        contact.young_people.set([world.young_person])
        episode = MissingEpisodeFactory.create(
            family=world.family, young_person=world.young_person, recorded_by=world.worker
        )
        ReturnHomeInterviewFactory.create(episode=episode, recorded_by=world.worker)
        ChronologyEntryFactory.create(family=world.family, recorded_by=world.worker)
    # Fixed cost, whatever the size: the other apps' significant events (cases.events) add a few,
    # and how the case arrived (cases.CaseReferral) one; on PostgreSQL the audit entry for the read
    # takes its advisory lock first, one more; the portal's appointments (held or cancelled) are
    # one more source: its access check and its query; reading the stored next due asks whether
    # the person holds emergency access right now (one query; outside a page, so nothing is kept).
    with django_assert_max_num_queries(42):
        _, items = selectors.family_chronology(user=world.worker, pk=world.family.pk)
    assert len(items) == 1 + size * 4


def test_family_records_for_the_family_page(world: RecordsWorld) -> None:
    _chronology_world(world)
    summary = selectors.family_records(user=world.worker, family=world.family)
    assert summary.contact_count == 2
    assert summary.can_record
    assert [clock.status for _, clock in summary.episodes] == ["done_on_time"]
    police = selectors.family_records(user=world.police_analyst, family=world.family)
    assert police.contacts == []
    assert not police.can_record


# The families each person may open (the requirement), and the contacts they see in each.
FAMILY_CONTACTS = {
    ("worker", "family"): {"private", "for_police", "by_council"},
    ("manager", "family"): {"private", "for_police", "by_council"},
    ("social_worker", "family"): {"private", "for_police", "by_council"},
    ("police_analyst", "family"): {"for_police"},
    ("other_worker", "other_family"): {"elsewhere"},
}


@pytest.mark.parametrize(
    "who", ["worker", "manager", "social_worker", "police_analyst", "other_worker", "parent"]
)
def test_per_family_scope_agrees_with_the_general_rule(world: RecordsWorld, who: str) -> None:
    """Family pages use a shortcut decided once per family, reached only for a family the person
    may open (``get_family`` 404s first otherwise); both must show exactly what the table says."""
    records = _records(world)
    person = world.person(who)
    for name in ("family", "other_family"):
        family = getattr(world, name)
        expected = {records[key] for key in FAMILY_CONTACTS.get((who, name), ())}
        assert set(selectors.visible_contacts(person).filter(family=family)) == expected
        if (who, name) in FAMILY_CONTACTS:
            scope = selectors.family_scope(person, family)
            assert scope is not None
            assert set(Contact.objects.filter(scope)) == expected
