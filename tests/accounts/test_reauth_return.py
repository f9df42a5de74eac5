"""Exports that finish where they started (issue 16, item 7): the confirm page says what is being
confirmed; after it, a download starts back on the page the person came from, with a message;
a code that has just been used is told apart from a wrong one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import User
from relsafe.accounts.reauth import confirming
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import code_for, enter_code, enter_password
from tests.factories import TEST_PASSWORD, AllocationFactory, FamilyFactory

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SignedIn = Callable[[User], Client]


def test_each_confirmed_action_says_what_it_is() -> None:
    family_pdf = reverse("records:chronology-pdf", args=[1])
    assert confirming(family_pdf).purpose == "download this family's chronology as a PDF"
    assert confirming(family_pdf).download
    assert confirming(reverse("access:break-glass")).purpose == (
        "open a family with emergency access"
    )
    assert not confirming(reverse("access:break-glass")).download
    assert confirming("/no/such/page/").purpose == ""


def test_a_download_returns_to_the_page_it_started_from_and_starts_there(
    worker: User, signed_in: SignedIn
) -> None:
    family = FamilyFactory.create(lead_organisation=worker.organisation)
    AllocationFactory.create(family=family, worker=worker)
    chronology = reverse("records:chronology", args=[family.pk])
    pdf = reverse("records:chronology-pdf", args=[family.pk])
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        asked = client.get(pdf, HTTP_REFERER=f"http://testserver{chronology}?tag=strength")
        query = parse_qs(urlsplit(asked["Location"]).query)
        assert query == {"next": [pdf], "back": [f"{chronology}?tag=strength"]}
        page = client.get(asked["Location"]).content.decode()
        assert "You are about to download this family&#x27;s chronology as a PDF." in page
        assert f'name="back" value="{chronology}?tag=strength"' in page
        device = TOTPDevice.objects.get(user=worker)
        confirmed = client.post(
            reverse("accounts:confirm-identity"),
            {
                "password": TEST_PASSWORD,
                "code": code_for(device),
                "next": pdf,
                "back": f"{chronology}?tag=strength",
            },
        )
        assert confirmed["Location"] == f"{chronology}?tag=strength"
        back = client.get(confirmed["Location"]).content.decode()
        assert f'<meta http-equiv="refresh" content="0; url={pdf}">' in back
        assert "You have confirmed it is you. Your download has started." in back
        # Once only: reloading the page does not download again.
        assert "http-equiv" not in client.get(chronology).content.decode()
        assert client.get(pdf).status_code == 200


def test_a_page_that_is_not_a_download_goes_on_to_it(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        device = TOTPDevice.objects.get(user=worker)
        confirmed = client.post(
            reverse("accounts:confirm-identity"),
            {
                "password": TEST_PASSWORD,
                "code": code_for(device),
                "next": "/account/authenticator/",
                "back": "/",
            },
        )
    assert confirmed["Location"] == "/account/authenticator/"


def test_back_never_leaves_the_site(worker: User, signed_in: SignedIn) -> None:
    with time_machine.travel(START, tick=False):
        client = signed_in(worker)
        device = TOTPDevice.objects.get(user=worker)
        confirmed = client.post(
            reverse("accounts:confirm-identity"),
            {
                "password": TEST_PASSWORD,
                "code": code_for(device),
                "next": reverse("records:chronology-pdf", args=[1]),
                "back": "//evil.example/",
            },
        )
    assert confirmed["Location"] == reverse("records:chronology-pdf", args=[1])


def test_a_code_just_used_to_sign_in_is_told_apart_from_a_wrong_one(
    worker: User, db: object
) -> None:
    with time_machine.travel(START, tick=False):
        client = Client()
        enter_password(client, worker.email)
        device = TOTPDevice.objects.get(user=worker)
        code = code_for(device)
        assert enter_code(client, code)["Location"] == reverse("core:start")
        used = client.post(
            reverse("accounts:confirm-identity"),
            {"password": TEST_PASSWORD, "code": code, "next": "/account/authenticator/"},
        )
        page = used.content.decode()
        assert "That code has just been used. Wait for the next code" in page
        assert "Your password or code is not right" not in page
        wrong = client.post(
            reverse("accounts:confirm-identity"),
            {"password": TEST_PASSWORD, "code": "000000" if code != "000000" else "111111"},
        )
        assert "Your password or code is not right" in wrong.content.decode()
        # With the wrong password, a used code says nothing about the code.
        guessed = client.post(
            reverse("accounts:confirm-identity"),
            {"password": "not the password", "code": code},
        )
        assert "just been used" not in guessed.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_FAILED, reason="step-up refused: code already used"
    ).exists()
