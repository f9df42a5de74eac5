"""Every intelligence service refuses the people who must not act, and audits the refusal:
another force's analyst, a worker with no route to the family, police writing on a family's
behalf, workers acting for a force (PRODUCT.md §2, §4, §8)."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.intelligence import services
from relsafe.intelligence.models import Mention
from tests.intelligence.factories import Scene, details

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["other_analyst", "stranger"])
def test_people_outside_the_force_and_the_family_are_refused_and_audited(
    world: Scene, who: str
) -> None:
    from relsafe.access.policy import NotAllowed

    sent = world.send(0)
    person: Any = getattr(world, who)
    with pytest.raises(NotAllowed):
        services.acknowledge(actor=person, submission=sent)
    with pytest.raises(NotAllowed):
        services.create_submission(
            actor=person, family=world.families[1], details=details(world.force)
        )
    assert (
        AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=person.pk).count() == 2
    )


def test_police_cannot_write_a_submission_and_workers_cannot_acknowledge(world: Scene) -> None:
    from relsafe.access.policy import NotAllowed

    sent = world.send(0)
    with pytest.raises(NotAllowed):
        services.create_submission(
            actor=world.analyst, family=world.families[0], details=details(world.force)
        )
    with pytest.raises(NotAllowed):
        services.acknowledge(actor=world.workers[0], submission=sent)
    with pytest.raises(NotAllowed):
        services.start_relink(actor=world.workers[0])
    mention = Mention.objects.get()
    person: Any = mention.person
    with pytest.raises(NotAllowed):
        services.confirm_person(
            actor=world.other_analyst,
            person=person,
            mentions=[mention, mention],
            reason="x",
        )


def test_a_worker_cannot_send_another_familys_draft(world: Scene) -> None:
    from relsafe.access.policy import NotAllowed

    draft = services.create_submission(
        actor=world.workers[0], family=world.families[0], details=details(world.force)
    )
    with pytest.raises(NotAllowed):
        services.send_submission(actor=world.workers[1], submission=draft, expected_version=1)
    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.police_copy == {}
