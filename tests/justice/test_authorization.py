"""Every court-support change refused to the people who must not make it, and audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.justice import services
from relsafe.justice.models import CriminalJusticeCase, StageChange
from tests.factories import FORBIDDEN_WRITERS, CaseScene, case_scene
from tests.justice.factories import (
    days_ago,
    new_case,
    new_hearing,
    new_witness,
)

pytestmark = pytest.mark.django_db


def _calls(
    scene: CaseScene, case: Any, witness: Any, hearing: Any
) -> dict[str, Callable[[Any], Any]]:
    return {
        "open_case": lambda actor: services.open_case(
            actor=actor, family=scene.family, title="x", offences=["cse"], reported_on=days_ago(1)
        ),
        "move_stage": lambda actor: services.move_stage(
            actor=actor, case=case, stage="investigation", entered_on=days_ago(1)
        ),
        "add_suspect": lambda actor: services.add_suspect(actor=actor, case=case, known_as="Ghost"),
        "record_measure": lambda actor: services.record_measure(
            actor=actor, witness=witness, measure="s24", status="applied", applied_on=days_ago(1)
        ),
        "record_attendance": lambda actor: services.record_attendance(
            actor=actor, witness=witness, hearing=hearing, attended=True
        ),
        "record_support_contact": lambda actor: services.record_support_contact(
            actor=actor, case=case, occurred_on=days_ago(1), summary="x"
        ),
    }


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
@pytest.mark.parametrize(
    "call",
    [
        "open_case",
        "move_stage",
        "add_suspect",
        "record_measure",
        "record_attendance",
        "record_support_contact",
    ],
)
def test_people_without_the_right_are_refused_and_it_is_audited(who: str, call: str) -> None:
    scene = case_scene()
    case = new_case(family=scene.family, recorded_by=scene.worker)
    witness = new_witness(child__case=case)
    hearing = new_hearing(case=case)
    person = scene.person(who)
    before = CriminalJusticeCase.objects.count(), StageChange.objects.count()
    with pytest.raises(NotAllowed):
        _calls(scene, case, witness, hearing)[call](person)
    assert (CriminalJusticeCase.objects.count(), StageChange.objects.count()) == before
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=person.pk).exists()


def test_a_commissioner_has_no_calendar_address() -> None:
    scene = case_scene()
    with pytest.raises(NotAllowed):
        services.issue_calendar_feed(actor=scene.commissioner)
