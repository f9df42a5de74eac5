"""Security headers on every response (checklist items 21, 28; ASVS 3.4, 14.3.2)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


def _directives(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def _nonce(response: Any) -> str:
    match = re.search(r"'nonce-([^']+)'", _directives(response)["script-src"])
    assert match, "script-src has no nonce"
    return match.group(1)


def test_csp_has_a_fresh_nonce_per_response_that_the_page_scripts_carry(client: Client) -> None:
    first, second = client.get(SIGN_IN), client.get(SIGN_IN)
    nonce_1, nonce_2 = _nonce(first), _nonce(second)
    assert nonce_1 != nonce_2
    assert len(nonce_1) >= 22  # 128 bits, base64
    html = first.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) >= 3
    for tag in scripts:
        assert f'nonce="{nonce_1}"' in tag, f"script without this response's nonce: {tag}"
    assert nonce_2 not in html


def test_csp_locks_down_plugins_base_framing_and_reports(client: Client) -> None:
    directives = _directives(client.get(SIGN_IN))
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("style-src", "")
    assert directives["report-uri"] == reverse("core:csp-report")


def test_other_security_headers(client: Client) -> None:
    response = client.get(SIGN_IN)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_never_stored(signed_in: Callable[[Any], Client]) -> None:
    client = signed_in(UserFactory())
    for url in ("/", reverse("cases:caseload"), reverse("accounts:account")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_sign_in_page_works_without_a_signed_in_cache_policy(client: Client) -> None:
    """The public sign-in page holds no case data, so no-store is not required there; it must
    still carry the security headers."""
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_csp_report_endpoint_accepts_a_report(client: Client, caplog: Any) -> None:
    report = {
        "csp-report": {
            "document-uri": "https://relsafe.example.org/",
            "violated-directive": "script-src",
            "blocked-uri": "inline",
        }
    }
    response = client.post(
        reverse("core:csp-report"), json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "script-src" in caplog.text


def test_csp_report_endpoint_survives_junk(client: Client) -> None:
    response = client.post(reverse("core:csp-report"), b"\xff" * 10000, content_type="text/plain")
    assert response.status_code == 204
    assert client.get(reverse("core:csp-report")).status_code == 405


def test_no_git_folder_or_api_docs_are_served(client: Client) -> None:
    for path in (
        "/.git/config",
        "/.git/HEAD",
        "/api/docs/",
        "/api/schema/",
        "/static/../.git/config",
    ):
        assert client.get(path).status_code == 404, path
