"""Language with care on the mapping and screening forms: blaming wording is pointed out with better
words after the save, and the assessment still saves (PRODUCT.md §6)."""

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
from relsafe.assessments.models import SafetyMapping, Screening
from tests.factories import AllocationFactory, SafetyMappingFactory, UserFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


@pytest.fixture
def case() -> Any:
    # Twelve: some suggestions depend on the child being under 13.
    yp = YoungPersonFactory.create(
        first_name="Jay",
        last_name="Test",
        date_of_birth=timezone.localdate() - dt.timedelta(days=12 * 365 + 30),
    )
    worker = UserFactory.create()
    AllocationFactory.create(family=yp.family, worker=worker)
    return {"yp": yp, "family": yp.family, "worker": worker}


def _mapping(case: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "young_person": str(case["yp"].pk),
        "mapped_on": timezone.localdate().isoformat(),
        "harm_statements": "Jay was putting himself at risk by going missing",
        "danger_statements": "Adults at the park are exploiting him",
        "existing_strengths": "Loves football",
        "existing_safety": "",
        "next_steps": "Stop his risky behaviour",
        "worker_scale": "6",
    }
    data.update(overrides)
    return data


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_mapping_with_blaming_wording_saves_and_the_next_page_suggests_better_words(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    response = client.post(
        reverse("assessments:mapping-new", args=[case["family"].pk]), _mapping(case)
    )
    assert response.status_code == 302
    mapping = SafetyMapping.objects.get(young_person=case["yp"])
    assert mapping.harm_statements == "Jay was putting himself at risk by going missing"
    page = _text(client.get(response["Location"]))
    assert "Strengths and worries mapping saved" in page
    assert "Language with care" in page
    assert "instead of “was putting himself at risk”" in page
    assert "instead of “risky behaviour”" in page


def test_the_childs_age_comes_from_the_young_person_chosen(signed_in: SignedIn, case: Any) -> None:
    client = signed_in(case["worker"])
    response = client.post(
        reverse("assessments:mapping-new", args=[case["family"].pk]),
        _mapping(case, harm_statements="Older men say he is sexually active"),
    )
    assert "“being raped”" in _text(client.get(response["Location"]))


def test_the_mapping_form_checks_every_column_as_the_worker_types(
    signed_in: SignedIn, case: Any
) -> None:
    mapping = SafetyMappingFactory.create(young_person=case["yp"], recorded_by=case["worker"])
    page = _text(
        signed_in(case["worker"]).get(
            reverse("assessments:mapping-edit", args=[case["family"].pk, mapping.pk])
        )
    )
    for field in (
        "harm_statements",
        "danger_statements",
        "existing_strengths",
        "existing_safety",
        "next_steps",
    ):
        assert f'id="id_{field}-language"' in page, field
    assert '"child_age": "12"' in page


def test_a_mapping_that_comes_back_with_an_error_keeps_the_suggestions(
    signed_in: SignedIn, case: Any
) -> None:
    response = signed_in(case["worker"]).post(
        reverse("assessments:mapping-new", args=[case["family"].pk]),
        _mapping(case, worker_scale="12"),
    )
    page = _text(response)
    assert response.status_code == 200
    assert "The safety scale goes from 0 to 10" in page
    assert "“was at risk of being exploited”" in page
    assert not SafetyMapping.objects.exists()


def test_a_screening_checks_the_reason_and_the_notes_and_still_saves(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    today = timezone.localdate()
    response = client.post(
        reverse("assessments:screening-new", args=[case["family"].pk]),
        {
            "young_person": str(case["yp"].pk),
            "screened_on": today.isoformat(),
            "review_on": (today + dt.timedelta(days=91)).isoformat(),
            "level": "medium",
            "rationale": "He absconded twice this month and was found far from home.",
            "ind_missing_episodes": "on",
            "ind_missing_episodes_note": "Mum is hard to reach in the evenings",
        },
    )
    assert response.status_code == 302
    screening = Screening.objects.get(young_person=case["yp"])
    assert screening.rationale.startswith("He absconded twice")
    page = _text(client.get(response["Location"]))
    assert "Screening saved" in page
    assert "Why you chose this level: instead of “absconded”" in page
    assert "instead of “hard to reach”" in page
