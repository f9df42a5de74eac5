"""Sharing a case names the agreement it relies on (through the share form's saved-form hook)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from relsafe.cases.models import OrganisationShare
from relsafe.governance.models import ShareAgreementLink, SharingAgreement
from tests.conftest import identity_confirmed

pytestmark = pytest.mark.django_db


def _share_with_police(signed_in: Any, demo_world: Any) -> tuple[OrganisationShare, str]:
    family = demo_world.families["ruby"]
    client = identity_confirmed(signed_in(demo_world.people["alex"]))
    url = reverse("cases:family-share", args=[family.pk])
    police = demo_world.organisations["police"]
    # Other demos may have shared Ruby's case with the police already: start again.
    OrganisationShare.objects.filter(family=family, organisation=police).delete()
    response = client.post(
        url, {"organisation": police.pk, "basis": "consent", "notes": "Joanne agreed"}, follow=True
    )
    return OrganisationShare.objects.get(
        family=family, organisation=police
    ), response.content.decode()


def test_the_one_agreement_covering_both_organisations_is_named(
    signed_in: Any, demo_world: Any
) -> None:
    share, page = _share_with_police(signed_in, demo_world)
    link = ShareAgreementLink.objects.get(share=share)
    assert link.agreement is not None
    assert "This share relies on the agreement" in page


def test_without_an_agreement_the_worker_is_asked_to_say_why(
    signed_in: Any, demo_world: Any
) -> None:
    SharingAgreement.objects.all().delete()
    share, page = _share_with_police(signed_in, demo_world)
    assert not ShareAgreementLink.objects.filter(share=share).exists()
    assert reverse("governance:share-agreement", args=[share.pk]) in page
