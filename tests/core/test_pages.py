"""The shell: public pages, role-aware start pages and navigation, and error pages that leak nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy", "accounts:sign-in"])
def test_public_pages_need_no_sign_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Skip to main content" in response.content
    assert b"relsafe" in response.content


def test_start_page_sends_anonymous_people_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        (Role.PARENT_SUPPORT_WORKER, "Families", "Audit trail"),
        (Role.TEAM_MANAGER, "Emergency access reviews", "Audit trail"),
        (Role.ADMINISTRATOR, "Audit trail", "Find a family"),
        (Role.COMMISSIONER, "Service figures", "Find a family"),
    ],
)
def test_navigation_follows_role(
    signed_in: Callable[[User], Client], role: str, sees: str, does_not_see: str
) -> None:
    user = UserFactory.create(role=role)
    response = signed_in(user).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert sees in html
    assert does_not_see not in html


def test_commissioner_figures_suppress_small_numbers(signed_in: Callable[[User], Client]) -> None:
    from tests.factories import FamilyFactory

    FamilyFactory.create_batch(2, status="active")
    FamilyFactory.create_batch(6, status="referral")
    html = signed_in(UserFactory.create(role=Role.COMMISSIONER)).get("/").content.decode()
    assert "fewer than 5" in html  # the 2 active families are hidden
    assert ">6<" in html.replace(" ", "")
    assert "Test family" not in html  # no names for commissioners


def test_not_found_page_is_friendly_and_generic(signed_in: Callable[[User], Client]) -> None:
    response = signed_in(UserFactory.create()).get("/families/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Traceback" not in html


def test_forbidden_page_is_friendly(signed_in: Callable[[User], Client]) -> None:
    response = signed_in(UserFactory.create(role=Role.COMMISSIONER)).get(reverse("cases:caseload"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_leaks_nothing() -> None:
    from django.test import RequestFactory

    from relsafe.core.views import server_error

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.csp_nonce = "n"  # type: ignore[attr-defined]
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Exception" not in html


def test_signed_in_pages_are_not_cached(signed_in: Callable[[User], Client]) -> None:
    response = signed_in(UserFactory.create()).get("/")
    assert response["Cache-Control"] == "no-store"


def test_csp_report_endpoint_accepts_reports(client: Client) -> None:
    response = client.post(
        reverse("core:csp-report"),
        data=b'{"csp-report": {"violated-directive": "script-src"}}',
        content_type="application/csp-report",
    )
    assert response.status_code == 204
