"""Language with care on the plan, its actions and referrals: blaming wording is pointed out with
better words after the save, and the plan still saves (PRODUCT.md §6)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.plans.models import Plan, PlanAction, Referral
from tests.factories import AllocationFactory, PlanFactory, UserFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


@pytest.fixture
def case() -> Any:
    yp = YoungPersonFactory.create()
    worker = UserFactory.create(full_name="Sam Test")
    AllocationFactory.create(family=yp.family, worker=worker)
    plan = PlanFactory.create(family=yp.family, created_by=worker)
    return {"yp": yp, "family": yp.family, "worker": worker, "plan": plan}


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _action(**overrides: str) -> dict[str, str]:
    data = {
        "description": "Talk with Jay about why he keeps putting himself at risk",
        "owner_type": "parent",
        "owner_user": "",
        "owner_name": "Mum",
        "due_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "status": "not_started",
    }
    data.update(overrides)
    return data


def test_an_action_with_blaming_wording_is_added_and_the_plan_page_suggests_better_words(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    response = client.post(reverse("plans:action-new", args=[case["family"].pk]), _action())
    assert response.status_code == 302
    assert PlanAction.objects.get(plan=case["plan"]).description.endswith(
        "keeps putting himself at risk"
    )
    page = _text(client.get(response["Location"]))
    assert "Action added to the plan" in page
    assert "What will happen: instead of “keeps putting himself at risk”" in page


def test_the_action_form_checks_the_description_as_the_worker_types(
    signed_in: SignedIn, case: Any
) -> None:
    page = _text(
        signed_in(case["worker"]).get(reverse("plans:action-new", args=[case["family"].pk]))
    )
    assert 'id="id_description-language"' in page
    assert f'hx-post="{reverse("language:check")}"' in page


def test_an_action_that_comes_back_with_an_error_keeps_the_suggestions(
    signed_in: SignedIn, case: Any
) -> None:
    response = signed_in(case["worker"]).post(
        reverse("plans:action-new", args=[case["family"].pk]), _action(owner_name="")
    )
    page = _text(response)
    assert "Enter the name of the person or agency who will do this" in page
    assert "Language with care: 1 suggestion" in page
    assert not PlanAction.objects.exists()


def test_the_plan_summary_warns_and_saves(signed_in: SignedIn, case: Any) -> None:
    client = signed_in(case["worker"])
    response = client.post(
        reverse("plans:plan-edit", args=[case["family"].pk]),
        {"summary": "Keep Jay away from his risky behaviour", "version": str(case["plan"].version)},
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=case["plan"].pk).summary == "Keep Jay away from his risky behaviour"
    assert "instead of “risky behaviour”" in _text(client.get(response["Location"]))


def test_a_referral_outcome_warns_and_saves(signed_in: SignedIn, case: Any) -> None:
    client = signed_in(case["worker"])
    response = client.post(
        reverse("plans:referral-new", args=[case["family"].pk]) + "?kind=mash",
        {
            "young_person": str(case["yp"].pk),
            "submitted_on": timezone.localdate().isoformat(),
            "reference": "MASH-1",
            "outcome_on": timezone.localdate().isoformat(),
            "outcome": "Strategy meeting: he is involved in county lines.",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get(reference="MASH-1").outcome.endswith("county lines.")
    assert "instead of “involved in county lines”" in _text(client.get(response["Location"]))
