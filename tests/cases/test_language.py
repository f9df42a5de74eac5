"""Language with care on the child's profile and the case forms: blaming wording is pointed out with
better words after the save, the entry still saves, and a young person's own words are left alone
(PRODUCT.md §6)."""

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
from relsafe.cases.models import Family, StrengthEntry, YoungPerson
from tests import factories
from tests.factories import allocated_family

UserFactory: Any = factories.UserFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


@pytest.fixture
def child() -> tuple[User, YoungPerson]:
    worker = UserFactory()
    family = allocated_family(worker, status="active")
    young_person = family.young_people.get()
    # Twelve: some suggestions depend on the child being under 13.
    young_person.date_of_birth = timezone.localdate() - dt.timedelta(days=12 * 365 + 30)
    young_person.save()
    return worker, young_person


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_strength_in_the_workers_words_is_checked_and_saved(
    signed_in: SignedIn, child: tuple[User, YoungPerson]
) -> None:
    worker, young_person = child
    client = signed_in(worker)
    response = client.post(
        reverse("cases:strength-add", args=[young_person.pk]),
        {"kind": "what_helps", "text": "Boxing keeps him from putting himself at risk"},
    )
    assert response.status_code == 302
    assert StrengthEntry.objects.get(young_person=young_person).text.endswith("at risk")
    page = _text(client.get(response["Location"]))
    assert "Added to the profile" in page
    assert "What do you want to record: instead of “putting himself at risk”" in page


def test_a_young_persons_own_words_are_never_corrected(
    signed_in: SignedIn, child: tuple[User, YoungPerson]
) -> None:
    worker, young_person = child
    client = signed_in(worker)
    said = "People say I am involved in county lines but I am not"
    url = reverse("cases:strength-add", args=[young_person.pk])
    response = client.post(url, {"kind": "want_known", "text": said, "in_own_words": "on"})
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "Added to the profile" in page
    assert "Language with care" not in page
    # The same words written as the worker's own are checked.
    response = client.post(url, {"kind": "want_known", "text": said})
    assert "instead of “involved in county lines”" in _text(client.get(response["Location"]))


def test_the_strength_form_checks_the_text_as_the_worker_types(
    signed_in: SignedIn, child: tuple[User, YoungPerson]
) -> None:
    worker, young_person = child
    page = _text(signed_in(worker).get(reverse("cases:strength-add", args=[young_person.pk])))
    assert 'id="id_text-language"' in page
    assert '"child_age": "12"' in page


def test_the_profile_warns_with_the_childs_age_and_saves(
    signed_in: SignedIn, child: tuple[User, YoungPerson]
) -> None:
    worker, young_person = child
    client = signed_in(worker)
    dob = young_person.date_of_birth
    response = client.post(
        reverse("cases:young-person-edit", args=[young_person.pk]),
        {
            "first_name": young_person.first_name,
            "last_name": young_person.last_name,
            "date_of_birth": f"{dob.day}/{dob.month}/{dob.year}",
            "concerns": "Older boys say he is sexually active.",
            "version": young_person.version,
        },
    )
    assert response.status_code == 302
    young_person.refresh_from_db()
    assert young_person.concerns == "Older boys say he is sexually active."
    page = _text(client.get(response["Location"]))
    assert "Profile saved" in page
    assert "instead of “sexually active”, you could write “being raped”" in page


def test_the_reason_for_a_status_change_is_checked(signed_in: SignedIn) -> None:
    worker = UserFactory()
    family = allocated_family(worker, status="active")
    client = signed_in(worker)
    response = client.post(
        reverse("cases:family-status", args=[family.pk]),
        {"to_status": "closed", "reason": "Mum is hard to reach", "version": 1},
    )
    assert response.status_code == 302
    assert Family.objects.get(pk=family.pk).status == "closed"
    assert "Reason: instead of “hard to reach”" in _text(client.get(response["Location"]))
