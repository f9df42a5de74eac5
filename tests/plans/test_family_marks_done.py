"""A parent marks an action the shared plan gives them as done, from their start page (issue 9);
never a worker's action, never before the plan is shared, never another family's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.access.policy import NotAllowed
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.plans import services
from relsafe.plans.models import PlanAction
from tests.factories import PlanActionFactory, PlanFactory
from tests.portal.factories import PortalScene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> PortalScene:
    return PortalScene()


def test_a_parent_marks_their_own_action_done_from_the_start_page(
    scene: PortalScene, signed_in: Callable[[User], Client]
) -> None:
    plan = PlanFactory(family=scene.family, shared_with_family=True, shared_at=timezone.now())
    action: Any = PlanActionFactory(plan=plan, description="Keep a note of the car")
    client = signed_in(scene.parent)
    assert "Mark as done" in client.get(reverse("core:start")).content.decode()
    response = client.post(reverse("plans:family-action-done", args=[scene.family.pk, action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE
    assert action.completed_on is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="plans.planaction", detail__by_family=True
    ).exists()


def test_a_workers_action_or_an_unshared_plan_is_refused(scene: PortalScene) -> None:
    plan: Any = PlanFactory(family=scene.family, shared_with_family=False)
    theirs: Any = PlanActionFactory(plan=plan)
    with pytest.raises(NotAllowed):
        services.mark_done_by_family(actor=scene.parent, action=theirs)
    plan.shared_with_family = True
    plan.shared_at = timezone.now()
    plan.save()
    workers: Any = PlanActionFactory(
        plan=plan, owner_type=PlanAction.OwnerType.WORKER, owner_user=scene.worker
    )
    with pytest.raises(NotAllowed):
        services.mark_done_by_family(actor=scene.parent, action=workers)
    with pytest.raises(NotAllowed):
        services.mark_done_by_family(actor=scene.other_parent, action=theirs)
    theirs.refresh_from_db()
    assert theirs.status == PlanAction.Status.NOT_STARTED


def test_another_familys_action_is_a_404(
    scene: PortalScene, signed_in: Callable[[User], Client]
) -> None:
    plan = PlanFactory(family=scene.family, shared_with_family=True, shared_at=timezone.now())
    action: Any = PlanActionFactory(plan=plan)
    response = signed_in(scene.other_parent).post(
        reverse("plans:family-action-done", args=[scene.family.pk, action.pk])
    )
    assert response.status_code == 404
