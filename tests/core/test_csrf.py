"""A form post refused by Django's CSRF check is audited like any other refusal and answered with
our own 403 page (CSRF_FAILURE_VIEW), without logging the tokens or the form."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent

SignedIn = Callable[[User], Client]
FORGED = "forged-token-value-forged-token-value-1234"


def test_a_sign_in_post_without_a_token_is_refused_with_our_page_and_audited(db: Any) -> None:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    response = client.post(
        reverse("accounts:sign-in"),
        {"email": "someone@example.org", "password": "a password typed here"},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Sorry, that form could not be sent" in page
    assert "govuk-heading-l" in page
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.reason == "CSRF check failed: CSRF cookie not set."
    assert entry.object_type == "url"
    assert entry.object_id == reverse("accounts:sign-in")
    assert entry.ip_address == "203.0.113.9"
    assert entry.detail == {"method": "POST"}
    logged = json.dumps([entry.reason, entry.detail, entry.actor_email])
    assert "a password typed here" not in logged
    assert "someone@example.org" not in logged


def test_a_forged_token_is_refused_and_neither_token_is_logged(db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:sign-in"))
    cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("accounts:sign-in"),
        {"email": "someone@example.org", "password": "x", "csrfmiddlewaretoken": FORGED},
    )
    assert response.status_code == 403
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.reason.startswith("CSRF check failed: CSRF token ")
    logged = json.dumps([entry.reason, entry.detail])
    assert FORGED not in logged
    assert cookie not in logged


def test_a_signed_in_persons_refused_post_names_them(db: Any, signed_in: SignedIn) -> None:
    parent = a_parent()
    client = signed_in(parent)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 403
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.actor_id == parent.pk
    assert entry.object_id == reverse("accounts:sign-out")
    # The refused sign-out did not happen.
    assert client.get(reverse("accounts:account")).status_code == 200
