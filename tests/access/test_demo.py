"""The demo gives the break-glass review page something to show, and seeding twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from relsafe.access.models import BreakGlassGrant
from relsafe.core.demo import seed_all

pytestmark = pytest.mark.django_db


def test_demo_has_a_reviewed_and_an_overdue_break_glass_use(
    demo_world: Any, signed_in: Callable[[Any], Client]
) -> None:
    seed_all()
    assert BreakGlassGrant.objects.count() == 2
    page = signed_in(demo_world.people["dana"]).get(reverse("access:reviews")).content.decode()
    assert "Morgan Reid" in page
    assert "Overdue" in page
    assert "Justified" in page
    jayden = demo_world.families["jayden"]
    assert not BreakGlassGrant.objects.filter(family=jayden, ended_at__isnull=True).exists()


def test_lapsed_grants_command_reports_what_it_closed(demo_world: Any) -> None:
    out = StringIO()
    call_command("end_lapsed_break_glass", stdout=out)
    assert "Closed 0 lapsed emergency access grants." in out.getvalue()
