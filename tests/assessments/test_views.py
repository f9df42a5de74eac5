"""Assessment pages: who reaches them, field errors that keep what was typed, the conflict page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import Organisation, User
from relsafe.accounts.roles import Role
from relsafe.assessments.models import SafetyMapping, Screening
from tests.factories import (
    AllocationFactory,
    OrganisationShareFactory,
    SafetyMappingFactory,
    ScreeningFactory,
    UserFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


@pytest.fixture
def case() -> Any:
    yp = YoungPersonFactory.create(first_name="Jay", last_name="Test")
    worker = UserFactory.create()
    AllocationFactory.create(family=yp.family, worker=worker)
    mapping = SafetyMappingFactory.create(young_person=yp, recorded_by=worker)
    screening = ScreeningFactory.create(young_person=yp, recorded_by=worker)
    return {
        "yp": yp,
        "family": yp.family,
        "worker": worker,
        "mapping": mapping,
        "screening": screening,
    }


def test_police_see_the_family_page_without_assessment_details(
    signed_in: SignedIn, case: Any
) -> None:
    police = UserFactory.create(role=Role.POLICE_ANALYST)
    police.organisation.kind = Organisation.Kind.POLICE
    police.organisation.save()
    OrganisationShareFactory.create(family=case["family"], organisation=police.organisation)
    html = signed_in(police).get(reverse("cases:family", args=[case["family"].pk])).content.decode()
    assert "Assessments and plan" not in html
    worker_html = (
        signed_in(case["worker"])
        .get(reverse("cases:family", args=[case["family"].pk]))
        .content.decode()
    )
    assert "Assessments and plan" in worker_html
    assert "safety scale on" in worker_html


def _post_mapping(client: Client, case: Any, **overrides: str) -> Any:
    data = {
        "young_person": str(case["yp"].pk),
        "mapped_on": timezone.localdate().isoformat(),
        "harm_statements": "Missing twice",
        "danger_statements": "Adults at the park are exploiting him",
        "existing_strengths": "Loves football",
        "existing_safety": "",
        "next_steps": "",
        "worker_scale": "6",
        "parent_scale": "",
        "young_person_scale": "7/10",
        "agency_scale": "",
        "parent_name": "",
        "agency_name": "",
    }
    data.update(overrides)
    return client.post(reverse("assessments:mapping-new", args=[case["family"].pk]), data)


def test_saving_a_mapping_shows_it_with_the_chart(signed_in: SignedIn, case: Any) -> None:
    client = signed_in(case["worker"])
    response = _post_mapping(client, case)
    assert response.status_code == 302
    mapping = SafetyMapping.objects.latest("pk")
    assert (mapping.worker_scale, mapping.young_person_scale) == (6, 7)
    html = client.get(response["Location"]).content.decode()
    assert "Strengths and worries mapping saved" in html
    assert 'role="img"' in html
    assert "Safety scale over time for Jay Test" in html


def test_bad_scale_is_explained_by_the_field_and_nothing_typed_is_lost(
    signed_in: SignedIn, case: Any
) -> None:
    response = _post_mapping(signed_in(case["worker"]), case, worker_scale="12", parent_scale="abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The safety scale goes from 0 to 10" in html
    assert "Enter a whole number from 0 to 10, like 6" in html
    assert 'value="12"' in html
    assert 'value="abc"' in html
    assert "Loves football" in html
    assert 'href="#id_worker_scale"' in html


def test_no_voice_at_all_is_explained(signed_in: SignedIn, case: Any) -> None:
    response = _post_mapping(
        signed_in(case["worker"]), case, worker_scale="", young_person_scale=""
    )
    assert "Record the safety scale for at least one person" in response.content.decode()


def test_danger_statement_about_parents_saves_with_a_warning(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    response = _post_mapping(client, case, danger_statements="Dad does not protect him")
    html = client.get(response["Location"]).content.decode()
    assert "does not name who is exploiting the child" in html


def test_second_save_shows_both_versions_and_keeps_the_second_persons_text(
    signed_in: SignedIn, case: Any
) -> None:
    mapping = case["mapping"]
    url = reverse("assessments:mapping-edit", args=[case["family"].pk, mapping.pk])
    base = {
        "mapped_on": mapping.mapped_on.isoformat(),
        "harm_statements": "",
        "danger_statements": mapping.danger_statements,
        "existing_safety": "",
        "next_steps": "",
        "parent_scale": "",
        "young_person_scale": "",
        "agency_scale": "",
        "parent_name": "",
        "agency_name": "",
        "version": str(mapping.version),
    }
    first = signed_in(case["worker"])
    colleague = UserFactory.create()
    AllocationFactory.create(family=case["family"], worker=colleague)
    second = signed_in(colleague)
    assert (
        first.post(url, {**base, "existing_strengths": "From Sam", "worker_scale": "5"}).status_code
        == 302
    )
    response = second.post(url, {**base, "existing_strengths": "From Leah", "worker_scale": "3"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved changes while you were editing" in html
    assert "From Sam" in html
    assert "From Leah" in html
    mapping.refresh_from_db()
    assert mapping.existing_strengths == "From Sam"
    # Saving again from the conflict page is a deliberate choice, based on the version now saved.
    assert f'name="version" value="{mapping.version}"' in html
    again = second.post(
        url,
        {
            **base,
            "existing_strengths": "From Leah",
            "worker_scale": "3",
            "version": mapping.version,
        },
    )
    assert again.status_code == 302
    mapping.refresh_from_db()
    assert mapping.existing_strengths == "From Leah"


def _post_screening(client: Client, case: Any, yp: Any, **overrides: Any) -> Any:
    today = timezone.localdate()
    data = {
        "young_person": str(yp.pk),
        "screened_on": today.isoformat(),
        "review_on": (today + dt.timedelta(days=91)).isoformat(),
        "level": "low",
        "rationale": "Short",
        "ind_missing_episodes": "on",
        "ind_missing_episodes_note": "Out late once",
    }
    data.update(overrides)
    return client.post(reverse("assessments:screening-new", args=[case["family"].pk]), data)


def test_under_13_rule_is_shown_beside_the_level(signed_in: SignedIn, case: Any) -> None:
    young = YoungPersonFactory.create(
        family=case["family"], date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 10)
    )
    response = _post_screening(signed_in(case["worker"]), case, young)
    html = response.content.decode()
    assert "A child under 13 cannot be rated low when any indicator is present" in html
    assert 'href="#id_level_0"' in html  # the first radio: the summary's link focuses it
    assert "Out late once" in html
    assert not Screening.objects.filter(young_person=young).exists()


def test_many_indicators_rated_low_need_a_longer_reason(signed_in: SignedIn, case: Any) -> None:
    extra = {
        f"ind_{c}": "on"
        for c in ("older_associates", "substance_use", "injuries", "school_changes")
    }
    response = _post_screening(signed_in(case["worker"]), case, case["yp"], **extra)
    assert "explain why in at least 50 characters" in response.content.decode()


def test_missing_reason_is_explained(signed_in: SignedIn, case: Any) -> None:
    response = _post_screening(
        signed_in(case["worker"]), case, case["yp"], rationale="", level="high"
    )
    assert "Write why you chose this level" in response.content.decode()


def test_a_screening_is_saved_with_notes_and_a_default_review_in_three_months(
    signed_in: SignedIn, case: Any
) -> None:
    client = signed_in(case["worker"])
    form_html = client.get(reverse("assessments:screening-new", args=[case["family"].pk])).content
    from relsafe.assessments.models import default_review_date

    review = default_review_date()
    for box, value in (("day", review.day), ("month", review.month), ("year", review.year)):
        assert f'name="review_on_{box}"'.encode() in form_html
        assert f'value="{value}"'.encode() in form_html
    response = _post_screening(client, case, case["yp"], level="medium", rationale="Out late once.")
    assert response.status_code == 302
    screening = Screening.objects.latest("pk")
    assert screening.indicators == {"missing_episodes": "Out late once"}
    assert "Out late once" in client.get(response["Location"]).content.decode()


def test_overview_flags_an_overdue_review(signed_in: SignedIn, case: Any) -> None:
    today = timezone.localdate()
    ScreeningFactory.create(
        young_person=case["yp"],
        screened_on=today + dt.timedelta(days=1) - dt.timedelta(days=1),
        review_on=today,
    )
    Screening.objects.filter(young_person=case["yp"]).update(
        screened_on=today - dt.timedelta(days=120), review_on=today - dt.timedelta(days=1)
    )
    html = (
        signed_in(case["worker"])
        .get(reverse("assessments:overview", args=[case["family"].pk]))
        .content.decode()
    )
    assert "Review overdue" in html


def test_second_save_of_a_screening_shows_both_levels(signed_in: SignedIn, case: Any) -> None:
    screening = case["screening"]
    url = reverse("assessments:screening-edit", args=[case["family"].pk, screening.pk])
    base = {
        "screened_on": screening.screened_on.isoformat(),
        "review_on": screening.review_on.isoformat(),
        "ind_missing_episodes": "on",
        "version": str(screening.version),
    }
    colleague = UserFactory.create()
    AllocationFactory.create(family=case["family"], worker=colleague)
    first = signed_in(case["worker"]).post(
        url, {**base, "level": "high", "rationale": "Found in another town."}
    )
    assert first.status_code == 302
    response = signed_in(colleague).post(
        url, {**base, "level": "medium", "rationale": "Home every night."}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Found in another town." in html
    assert "Home every night." in html
    screening.refresh_from_db()
    assert (screening.level, screening.rationale) == ("high", "Found in another town.")
