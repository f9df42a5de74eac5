"""The household pages as a worker uses them: what was typed stays on an error, a safe-contact
decision replaces the one in force, the child's own contact details are checked the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.cases.models import Carer, SafeContactDecision, YoungPerson
from tests import factories
from tests.factories import CaseScene, case_scene

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]
F: Any = factories


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def test_a_wrong_phone_number_keeps_what_was_typed(scene: CaseScene, signed_in: SignedIn) -> None:
    url = reverse("cases:carer-add", args=[scene.family.pk])
    data = {"full_name": "Kofi Mensah", "relationship": "grandad", "phone": "0770"}
    response = signed_in(scene.worker).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Kofi Mensah"' in html
    assert not Carer.objects.filter(full_name="Kofi Mensah").exists()


def test_a_new_safe_contact_decision_replaces_the_one_in_force(
    scene: CaseScene, signed_in: SignedIn
) -> None:
    carer: Any = F.CarerFactory(family=scene.family, full_name="Precious Mensah")
    url = reverse("cases:carer-safe-contact", args=[scene.family.pk, carer.pk])
    client = signed_in(scene.worker)
    for number in ("07700 900 982", "07700 900 983"):
        data = {
            "notify_by": "text",
            "phone": number,
            "may_phone": "on",
            "safe_from": "09:00",
            "safe_until": "21:00",
            "what_may_be_said": "Do not leave voicemail.",
        }
        assert client.post(url, data).status_code == 302
    assert SafeContactDecision.objects.filter(carer=carer).count() == 2
    household = client.get(reverse("cases:household", args=[scene.family.pk])).content.decode()
    assert "07700 900983" in household
    assert "07700 900982" not in household


def test_text_without_a_number_is_refused_by_the_field(
    scene: CaseScene, signed_in: SignedIn
) -> None:
    carer: Any = F.CarerFactory(family=scene.family)
    url = reverse("cases:carer-safe-contact", args=[scene.family.pk, carer.pk])
    response = signed_in(scene.worker).post(url, {"notify_by": "text"})
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]


def test_a_childs_own_number_is_checked_and_stored_e164(
    scene: CaseScene, signed_in: SignedIn
) -> None:
    child = scene.young_person
    url = reverse("cases:young-person-edit", args=[child.pk])
    form = signed_in(scene.worker).get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "date_of_birth": f"{child.date_of_birth:%d/%m/%Y}",
            "phone": "07700 900 555",
            "legal_status": "child_in_need",
            "interpreter_needed": "on",
        }
    )
    response = signed_in(scene.worker).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    child = YoungPerson.objects.get(pk=child.pk)
    assert child.phone == "+447700900555"
    assert child.legal_status == "child_in_need"
