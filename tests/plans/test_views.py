"""Plan pages: who reaches them, adding and changing actions, the conflict page, the start page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.plans.models import Plan, PlanAction, Referral
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    FamilyMemberFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    UserFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


@pytest.fixture
def case() -> Any:
    yp = YoungPersonFactory.create()
    worker = UserFactory.create(full_name="Sam Test")
    AllocationFactory.create(family=yp.family, worker=worker)
    plan = PlanFactory.create(family=yp.family, created_by=worker)
    action = PlanActionFactory.create(plan=plan, description="Weekly visit")
    referral = ReferralFactory.create(young_person=yp)
    return {
        "yp": yp,
        "family": yp.family,
        "worker": worker,
        "plan": plan,
        "action": action,
        "referral": referral,
    }


def test_starting_a_plan_needs_a_post(signed_in: SignedIn) -> None:
    yp = YoungPersonFactory.create()
    worker = UserFactory.create()
    AllocationFactory.create(family=yp.family, worker=worker)
    client = signed_in(worker)
    url = reverse("plans:plan-start", args=[yp.family_id])
    assert client.get(url).status_code == 405
    assert (
        "Start the plan" in client.get(reverse("plans:plan", args=[yp.family_id])).content.decode()
    )
    assert client.post(url).status_code == 302
    assert Plan.objects.filter(family_id=yp.family_id).exists()


def _action_data(**overrides: Any) -> dict[str, str]:
    data = {
        "description": "Boxing club open day",
        "owner_type": "worker",
        "owner_user": "",
        "owner_name": "",
        "due_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "status": "not_started",
    }
    data.update(overrides)
    return data


def test_adding_an_action_for_myself_puts_it_on_my_start_page(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    url = reverse("plans:action-new", args=[case["family"].pk])
    response = client.post(url, _action_data(owner_user=str(case["worker"].pk)))
    assert response.status_code == 302
    start = client.get("/").content.decode()
    assert "Your actions and deadlines" in start
    assert "Boxing club open day" in start


def test_missing_owner_and_bad_date_are_explained_and_typing_kept(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    url = reverse("plans:action-new", args=[case["family"].pk])
    response = client.post(url, _action_data(due_on="31/02/2026"))
    html = response.content.decode()
    assert "Choose the worker who will do this" in html
    assert "must be a real date" in html
    assert "Boxing club open day" in html
    response = client.post(url, _action_data(owner_type="agency"))
    assert "Enter the name of the person or agency" in response.content.decode()
    assert PlanAction.objects.count() == 1


def test_a_worker_outside_the_team_cannot_be_given_an_action(
    signed_in: SignedIn, case: Any
) -> None:
    outsider = UserFactory.create()
    response = signed_in(case["worker"]).post(
        reverse("plans:action-new", args=[case["family"].pk]),
        _action_data(owner_user=str(outsider.pk)),
    )
    assert "Select a valid choice" in response.content.decode()


def test_second_save_of_an_action_shows_both_versions(signed_in: SignedIn, case: Any) -> None:
    action = case["action"]
    url = reverse("plans:action-edit", args=[case["family"].pk, action.pk])
    base = _action_data(owner_type="parent", owner_name="Mum", version=str(action.version))
    colleague = UserFactory.create()
    AllocationFactory.create(family=case["family"], worker=colleague)
    assert signed_in(case["worker"]).post(url, {**base, "status": "done"}).status_code == 302
    response = signed_in(colleague).post(
        url, {**base, "status": "in_progress", "description": "Mine"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved changes" in html
    assert "Done" in html
    assert "In progress" in html
    assert "Mine" in html
    assert PlanAction.objects.get(pk=action.pk).status == "done"


def test_sharing_the_plan_without_a_name_is_explained(signed_in: SignedIn, case: Any) -> None:
    response = signed_in(case["worker"]).post(
        reverse("plans:plan-edit", args=[case["family"].pk]),
        {"summary": "Safe at home", "shared_with_family": "on", "shared_with": "", "version": "1"},
    )
    html = response.content.decode()
    assert "Say who in the family the plan is shared with" in html
    assert "Safe at home" in html


def test_recording_an_nrm_referral_shows_the_expected_decision(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    submitted = dt.date(2026, 11, 27)  # a Friday: 5 working days is the next Friday
    response = client.post(
        reverse("plans:referral-new", args=[case["family"].pk]) + "?kind=nrm",
        {
            "young_person": str(case["yp"].pk),
            "submitted_on": submitted.isoformat(),
            "reference": "NRM-1",
            "reasonable_grounds_on": "",
            "reasonable_grounds_outcome": "awaited",
            "conclusive_grounds_on": "",
            "conclusive_grounds_outcome": "awaited",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("plans:plan", args=[case["family"].pk])).content.decode()
    assert "Reasonable grounds decision expected 4 Dec 2026" in html
    assert "Modern Slavery: Statutory Guidance" in html
    assert Referral.objects.filter(reference="NRM-1").exists()


def test_an_unknown_kind_of_referral_is_not_found(signed_in: SignedIn, case: Any) -> None:
    url = reverse("plans:referral-new", args=[case["family"].pk]) + "?kind=other"
    assert signed_in(case["worker"]).get(url).status_code == 404


def test_a_parent_reads_their_shared_plan_on_their_start_page_and_the_read_is_audited(
    signed_in: SignedIn, case: Any
) -> None:
    from relsafe.audit.models import AuditAction, AuditEvent

    parent = FamilyMemberFactory.create(full_name="Pat Parent")
    CarerFactory.create(family=case["family"], portal_user=parent)
    client = signed_in(parent)
    html = client.get(reverse("core:start")).content.decode()
    assert "Your family's plan" in html
    assert "When you and your worker have written your family" in html
    assert "Weekly visit" not in html  # not shared yet

    case["plan"].shared_with_family = True
    case["plan"].shared_with = "Pat Parent"
    case["plan"].shared_at = timezone.now()
    case["plan"].save()
    html = client.get(reverse("core:start")).content.decode()
    assert "Weekly visit" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor_id=parent.pk, object_type="plans.plan"
    ).exists()
    # Another family's parent never sees it.
    stranger = FamilyMemberFactory.create()
    CarerFactory.create(portal_user=stranger)
    assert "Weekly visit" not in signed_in(stranger).get(reverse("core:start")).content.decode()
