"""The demo loader is idempotent and gives every role a sign-in; demo_totp prints a working code."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.audit.services import verify_chain
from relsafe.cases.models import Family

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_changes_nothing() -> None:
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Family.objects.count(), TOTPDevice.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Family.objects.count(), TOTPDevice.objects.count()) == counts
    assert verify_chain().ok


def test_every_staff_role_and_the_parent_role_has_a_demo_sign_in() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    roles = set(User.objects.values_list("role", flat=True))
    for role in (
        Role.PARENT_SUPPORT_WORKER,
        Role.SOCIAL_WORKER,
        Role.POLICE_ANALYST,
        Role.TEAM_MANAGER,
        Role.COMMISSIONER,
        Role.ADMINISTRATOR,
        Role.PARENT,
    ):
        assert role in roles
    assert "sam@parents-together.example" in out.getvalue()


def test_demo_totp_code_is_accepted_by_the_device() -> None:
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_totp", "sam@parents-together.example", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6
    assert code.isdigit()
    device = TOTPDevice.objects.get(user__email="sam@parents-together.example")
    assert device.verify_token(code)


def test_demo_totp_refuses_non_demo_accounts() -> None:
    with pytest.raises(CommandError, match="No demo authenticator"):
        call_command("demo_totp", "nobody@example.org", stdout=StringIO())


def test_each_app_registers_its_demo_and_they_run_in_dependency_order() -> None:
    """``core`` names no app: the apps register their demo modules (from ``AppConfig.ready``),
    people first, then families, then what is built on them."""
    from relsafe.core.demo import demo_modules

    assert demo_modules() == [
        "relsafe.accounts.demo",
        "relsafe.cases.demo",
        "relsafe.access.demo",
        "relsafe.relationships.demo",
        "relsafe.assessments.demo",
        "relsafe.plans.demo",
        "relsafe.records.demo",
        "relsafe.portal.demo",
        "relsafe.evidence.demo",
        "relsafe.resources.demo",
        "relsafe.intelligence.demo",
        "relsafe.justice.demo",
        "relsafe.outcomes.demo",
        "relsafe.governance.demo",
        "relsafe.cases.demo_next_due",
    ]
