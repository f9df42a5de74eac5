"""The demo shows the interruption page: Precious has not seen it after seeding, every time."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.core.demo import seed_all
from relsafe.portal import selectors, services
from relsafe.portal.models import ExitGuidanceSeen

pytestmark = pytest.mark.django_db


def test_precious_has_not_seen_the_interruption_page(demo_world: Any) -> None:
    assert selectors.needs_exit_guidance(demo_world.people["precious"])


def test_seeding_again_shows_it_again_whatever_was_clicked(demo_world: Any) -> None:
    precious = demo_world.people["precious"]
    services.mark_exit_guidance_seen(user=precious)
    seed_all()
    assert selectors.needs_exit_guidance(precious)
    seed_all()
    assert not ExitGuidanceSeen.objects.exists()


def test_jaydens_uncle_and_jayden_have_portal_accounts(demo_world: Any) -> None:
    from relsafe.cases.models import Carer

    family = demo_world.families["jayden"]
    uncle = Carer.objects.get(family=family, full_name="Kwame Mensah")
    assert uncle.portal_user is not None
    assert uncle.portal_user.email == "kwame@family.example"
    jayden = demo_world.young_people["jayden"]
    jayden.refresh_from_db()
    assert jayden.portal_user.email == "jayden@family.example"
    assert selectors.space_is_on(young_person=jayden)
    assert selectors.needs_exit_guidance(uncle.portal_user)
    # The uncle is reached only as his safe-contact decision says; Jayden's phone never.
    assert uncle.safe_contacts.get().notify_by == "email"
    assert jayden.safe_contacts.get().notify_by == "none"
