"""Selectors: each side sees only its own, "also reported in" counts only what the force
received, and the network map joins people, children and places as the reports do."""

from __future__ import annotations

import pytest
from django.http import Http404

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.intelligence import network, selectors
from relsafe.intelligence.models import Entity, Submission
from relsafe.intelligence.services import PersonDetails
from tests.intelligence.factories import Scene

pytestmark = pytest.mark.django_db


def test_the_queue_holds_only_what_was_sent_to_the_force(world: Scene) -> None:
    sent = world.send(0)
    world.send(1, force=world.force)
    other = world.send(0, force=world.other_force)
    from relsafe.intelligence import services
    from tests.intelligence.factories import details

    services.create_submission(
        actor=world.workers[2], family=world.families[2], details=details(world.force)
    )  # a draft: nobody at the force sees it
    queue = selectors.force_queue(user=world.analyst)
    assert sent in queue.submissions
    assert other not in queue.submissions
    assert queue.counts[""] == 2
    assert [s.pk for s in selectors.force_queue(user=world.other_analyst).submissions] == [other.pk]
    assert selectors.force_queue(user=world.workers[0]).submissions == []
    assert AuditEvent.objects.filter(object_type="intelligence.queue").count() == 3


def test_another_forces_submission_is_not_found_and_the_attempt_audited(world: Scene) -> None:
    sent = world.send(0)
    with pytest.raises(Http404):
        selectors.get_police_submission(user=world.other_analyst, pk=sent.pk)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=world.other_analyst.pk
    ).exists()
    assert selectors.get_police_submission(user=world.analyst, pk=sent.pk) == sent


def test_a_worker_sees_only_their_own_families_submissions(world: Scene) -> None:
    sent = world.send(0)
    assert selectors.get_worker_submission(user=world.workers[0], pk=sent.pk) == sent
    for person in (world.workers[1], world.stranger, world.analyst):
        with pytest.raises(Http404):
            selectors.get_worker_submission(user=person, pk=sent.pk)


def test_the_phone_is_also_reported_in_two_other_cases(world: Scene) -> None:
    world.send(1)
    world.send(2, people=[PersonDetails(nickname="Ghost", phone="+447700900461")])
    third = world.send(0)
    seen = selectors.also_reported(user=world.analyst, submission=third)
    phone = third.entities.get(kind=Entity.Kind.PHONE)
    person = third.entities.get(kind=Entity.Kind.PERSON)
    assert seen[phone.pk].other_cases == 2
    assert seen[person.pk].other_cases == 2


def test_reports_to_another_force_are_not_counted(world: Scene) -> None:
    world.send(1)
    theirs = world.send(0, force=world.other_force)
    assert (
        selectors.also_reported(user=world.other_analyst, submission=theirs)[
            theirs.entities.get(kind=Entity.Kind.PHONE).pk
        ].other_cases
        == 0
    )


def test_the_network_links_one_person_to_three_children_and_the_takeaway(world: Scene) -> None:
    for i in range(3):
        world.send(i)
    result = network.build(user=world.analyst, filters=network.Filters())
    ghost = next(n for n in result.nodes.values() if n.kind == "person")
    linked = result.linked(ghost.id)
    assert sorted(n.label for n in linked if n.kind == "child") == [
        "Child A, 14",
        "Child B, 15",
        "Child C, 16",
    ]
    assert [n.label for n in linked if n.kind == "place"] == ["Chicken Shack takeaway, NB1 4TQ"]
    assert result.components[0].ranking[0].children == 3
    assert result.hotspots[0].children == 3
    assert AuditEvent.objects.filter(object_type="intelligence.network").count() == 1


def test_the_network_filters_by_area_and_kind_of_harm(world: Scene) -> None:
    world.send(0)
    world.send(1, places=[("Bus station", "NB2 1AA")], offence=Submission.Offence.CSE)
    assert network.areas_for(world.analyst) == ["NB1", "NB2"]
    by_area = network.build(user=world.analyst, filters=network.Filters(area="NB2"))
    assert len(by_area.submissions) == 1
    by_offence = network.build(
        user=world.analyst, filters=network.Filters(offence=Submission.Offence.CCE)
    )
    assert len(by_offence.submissions) == 1
    assert network.build(user=world.other_analyst, filters=network.Filters()).nodes == {}
