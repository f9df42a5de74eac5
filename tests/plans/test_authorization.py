"""Every plan and referral service refuses a forbidden actor by itself (they used to trust their
caller to have used ``get_family``): ``NotAllowed``, one ``access_denied`` entry, nothing written.
A police analyst who can read the shared family is refused like everyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.plans import services
from relsafe.plans.models import Plan, PlanAction, Referral
from tests.factories import (
    FORBIDDEN_WRITERS,
    CaseScene,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    case_scene,
)
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def _action_values() -> dict[str, Any]:
    return {
        "description": "Walk to school together",
        "owner_type": PlanAction.OwnerType.PARENT,
        "owner_name": "Mum",
        "owner_user": None,
        "due_on": timezone.localdate() + dt.timedelta(days=5),
        "status": PlanAction.Status.NOT_STARTED,
    }


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_starting_a_plan(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "manage_plan", family=scene.family):
        services.start_plan(actor=actor, family=scene.family)
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_or_sharing_the_plan(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    plan: Any = PlanFactory(family=scene.family, summary="As agreed")
    with refused(actor, "manage_plan", family=scene.family):
        services.update_plan(
            actor=actor,
            plan=plan,
            expected_version=plan.version,
            values={"summary": "Changed", "shared_with_family": True, "shared_with": "Mum"},
        )
    plan.refresh_from_db()
    assert (plan.summary, plan.shared_with_family) == ("As agreed", False)


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_adding_an_action(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    plan: Any = PlanFactory(family=scene.family)
    with refused(actor, "manage_plan", family=scene.family):
        services.add_action(actor=actor, plan=plan, values=_action_values())
    assert not PlanAction.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_an_action(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    action: Any = PlanActionFactory(plan=PlanFactory(family=scene.family), description="Keep")
    with refused(actor, "manage_plan", family=scene.family):
        services.update_action(
            actor=actor,
            action=action,
            expected_version=action.version,
            values={**_action_values(), "status": PlanAction.Status.DONE},
        )
    action.refresh_from_db()
    assert (action.description, action.status) == ("Keep", PlanAction.Status.NOT_STARTED)


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_referral(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "manage_plan", family=scene.family):
        services.record_referral(
            actor=actor,
            family=scene.family,
            young_person=scene.young_person,
            kind=Referral.Kind.NRM,
            values={"submitted_on": timezone.localdate()},
        )
    assert not Referral.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_a_referral(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    referral: Any = ReferralFactory(young_person=scene.young_person)
    with refused(actor, "manage_plan", family=scene.family):
        services.update_referral(
            actor=actor,
            referral=referral,
            expected_version=referral.version,
            values={"submitted_on": referral.submitted_on, "reference": "NRM-1"},
        )
    referral.refresh_from_db()
    assert referral.reference == ""


def test_an_action_id_under_another_family_is_a_404_and_audited(
    scene: CaseScene, signed_in: Any
) -> None:
    PlanFactory(family=scene.family)
    elsewhere: Any = PlanActionFactory()
    url = reverse("plans:action-edit", kwargs={"family_pk": scene.family.pk, "pk": elsewhere.pk})
    assert signed_in(scene.worker).get(url).status_code == 404
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("plans.planaction", str(elsewhere.pk))
    assert entry.family_id == scene.family.pk
    assert entry.actor_id == scene.worker.pk
