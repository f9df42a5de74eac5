"""Governance pages: another organisation's request is a 404 (audited), a refused correction shows
the person's statement, and the start panel tells administrators of overdue agreement reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.governance import services
from relsafe.governance.models import CorrectionRequest
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.governance.factories import handlers, logged_request

pytestmark = pytest.mark.django_db


def test_another_organisations_request_is_not_found(signed_in: Any) -> None:
    admin, _, family = handlers()
    sar = logged_request(admin, family)
    stranger: Any = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())
    response = signed_in(stranger).get(reverse("governance:sar", args=[sar.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        actor_id=stranger.pk, action=AuditAction.ACCESS_DENIED, object_id=str(sar.pk)
    ).exists()


def test_the_request_page_shows_what_is_withheld(signed_in: Any) -> None:
    admin, manager, family = handlers()
    sar = logged_request(admin, family, discussed="Her neighbour Carol Steed saw him leave.")
    passage = sar.passages.get(text__contains="Carol Steed")
    response = signed_in(manager).post(
        reverse("governance:redact", args=[passage.pk]),
        {f"p{passage.pk}-words": "Carol Steed", f"p{passage.pk}-exemption": "third_party"},
    )
    assert response.status_code == 302
    page = signed_in(manager).get(reverse("governance:sar", args=[sar.pk])).content.decode()
    assert 'Her neighbour <span class="rs-redacted">[withheld]</span> saw him leave.' in page


def test_a_refused_correction_shows_the_statement(signed_in: Any) -> None:
    admin, _, family = handlers()
    correction = services.record_correction_request(
        actor=admin,
        family=family,
        subject_name="Precious Mensah",
        record_description="Contact of 3 May",
        what_is_wrong="I was at home.",
        received_on=timezone.localdate(),
    )
    response = signed_in(admin).post(
        reverse("governance:correction", args=[correction.pk]),
        {
            "outcome": "refused",
            "reason": "The worker recorded what they saw.",
            "subject_statement": "",
        },
    )
    assert response.status_code == 200
    assert "Enter the person" in response.content.decode()
    signed_in(admin).post(
        reverse("governance:correction", args=[correction.pk]),
        {
            "outcome": "refused",
            "reason": "The worker recorded what they saw.",
            "subject_statement": "I was upstairs with Jayden.",
        },
    )
    correction.refresh_from_db()
    assert correction.outcome == CorrectionRequest.Outcome.REFUSED
    page = signed_in(admin).get(reverse("governance:correction", args=[correction.pk]))
    assert "I was upstairs with Jayden." in page.content.decode()


def test_administrators_see_overdue_agreement_reviews_on_their_start_page(signed_in: Any) -> None:
    admin, _, _ = handlers()
    other: Any = OrganisationFactory()
    services.record_sharing_agreement(
        actor=admin,
        title="Old agreement",
        parties=[admin.organisation_id, other.pk],
        purpose="p",
        lawful_basis="b",
        what_may_be_shared="w",
        review_on=timezone.localdate() - dt.timedelta(days=1),
    )
    page = signed_in(admin).get("/").content.decode()
    assert "Old agreement" in page
    assert "review was due" in page
