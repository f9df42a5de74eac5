"""Where "Exit this page" appears (families and sign-in pages, never staff), the interruption page
shown once after a first sign-in, and the safety page anyone can read (checklist item 30)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import STAFF_ROLES, Role
from relsafe.portal.models import ExitGuidanceSeen
from tests.accounts.conftest import enter_password
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
BUTTON = 'class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"'
COMPONENT = 'data-module="govuk-exit-this-page"'
SECONDARY_LINK = 'class="govuk-skip-link govuk-js-exit-this-page-skiplink"'
INTERRUPTION = "/before-you-start/"
SAFETY = "/staying-safe-online/"


def _exit_parts(html: str) -> dict[str, bool]:
    return {
        "component": COMPONENT in html,
        "button": BUTTON in html,
        "secondary link": SECONDARY_LINK in html,
        "safety link in footer": f'class="govuk-footer__link" href="{SAFETY}"' in html,
    }


def _has_all(html: str) -> bool:
    return all(_exit_parts(html).values())


def _has_none(html: str) -> bool:
    return not any(_exit_parts(html).values()) and "/exit/" not in html


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON])
@pytest.mark.parametrize("url_name", ["core:start", "accounts:account", "portal:interruption"])
def test_every_page_a_family_member_sees_has_exit_this_page(
    role: str, url_name: str, signed_in: SignedIn
) -> None:
    person = cast(User, UserFactory(role=role, team=None, organisation=None))
    response = signed_in(person).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert _has_all(html), _exit_parts(html)


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
@pytest.mark.parametrize(
    "url_name", ["core:start", "accounts:account", "portal:staying-safe-online"]
)
def test_staff_never_see_it(role: str, url_name: str, signed_in: SignedIn) -> None:
    person = cast(User, UserFactory(role=role, is_staff=role == Role.ADMINISTRATOR))
    response = signed_in(person).get(reverse(url_name))
    assert response.status_code == 200
    assert _has_none(response.content.decode())


def test_staff_error_pages_do_not_show_it_either(worker: User, signed_in: SignedIn) -> None:
    response = signed_in(worker).get("/no-such-page/")
    assert response.status_code == 404
    assert _has_none(response.content.decode())


@pytest.mark.parametrize(
    "url_name", ["accounts:sign-in", "portal:staying-safe-online", "core:accessibility"]
)
def test_pages_before_sign_in_have_it_because_a_parent_may_be_there(url_name: str) -> None:
    response = Client().get(reverse(url_name))
    assert response.status_code == 200
    assert _has_all(response.content.decode())


def test_the_code_step_of_sign_in_has_it(parent: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=parent, name="Phone", confirmed=True)
    client = Client()
    enter_password(client, parent.email)
    response = client.get(reverse("accounts:sign-in-code"))
    assert response.status_code == 200
    assert _has_all(response.content.decode())


def test_the_exit_works_without_javascript_as_plain_links(
    parent: User, signed_in: SignedIn
) -> None:
    """Button and secondary link are ordinary links to /exit/; the secondary link comes straight
    after 'Skip to main content', and the button sits at the top of the page content."""
    html = signed_in(parent).get(reverse("core:start")).content.decode()
    links = re.findall(r'<a href="/exit/"[^>]*>', html)
    assert len(links) == 2
    assert all('rel="nofollow noreferrer"' in link for link in links)
    skip = html.index("Skip to main content")
    secondary = html.index(SECONDARY_LINK)
    header = html.index('<header class="rs-header"')
    button = html.index(BUTTON)
    main = html.index('<main class="govuk-main-wrapper"')
    assert skip < secondary < header < button < main
    assert '<span class="govuk-visually-hidden">Emergency</span> Exit this page' in html


@pytest.mark.parametrize("url", [INTERRUPTION, SAFETY])
def test_safety_pages_have_no_script_without_the_nonce_and_no_inline_handlers(
    url: str, parent: User, signed_in: SignedIn
) -> None:
    response = signed_in(parent).get(url)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce.group(1)}"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert " style=" not in html


# --- the interruption page ------------------------------------------------------------------------


def test_first_sign_in_shows_the_interruption_page_once(parent: User) -> None:
    client = Client()
    response = enter_password(client, parent.email)
    assert response["Location"] == INTERRUPTION

    page = client.get(INTERRUPTION).content.decode()
    assert 'class="govuk-panel govuk-panel--interruption"' in page
    assert "Exit this page" in page
    assert "press the <strong>Shift</strong> key 3 times" in page
    assert "It does not delete your browsing history." in page
    assert f'href="{SAFETY}"' in page
    assert not ExitGuidanceSeen.objects.filter(user=parent).exists()

    response = client.post(INTERRUPTION, {"next": "/"})
    assert response["Location"] == "/"
    assert ExitGuidanceSeen.objects.filter(user=parent).exists()

    again = Client()
    assert enter_password(again, parent.email)["Location"] == reverse("core:start")


def test_leaving_without_continue_shows_it_again_next_time(parent: User) -> None:
    client = Client()
    enter_password(client, parent.email)
    client.get(INTERRUPTION)
    client.get("/exit/")
    assert enter_password(Client(), parent.email)["Location"] == INTERRUPTION


def test_a_young_person_sees_it_at_first_sign_in_too(young_person: User) -> None:
    assert enter_password(Client(), young_person.email)["Location"] == INTERRUPTION


def test_staff_never_get_the_interruption_page(worker: User, signed_in: SignedIn) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.conftest import code_for, enter_code

    client = Client()
    enter_password(client, worker.email)
    response = enter_code(client, code_for(TOTPDevice.objects.get(user=worker)))
    assert response["Location"] == reverse("core:start")
    assert signed_in(worker).get(INTERRUPTION).status_code == 403


def test_the_page_they_asked_for_comes_after_the_interruption(parent: User) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:sign-in"),
        {"email": parent.email, "password": TEST_PASSWORD, "next": "/account/"},
    )
    assert response["Location"] == f"{INTERRUPTION}?next={quote('/account/', safe='')}"
    page = client.get(response["Location"]).content.decode()
    assert '<input type="hidden" name="next" value="/account/">' in page
    assert client.post(INTERRUPTION, {"next": "/account/"})["Location"] == "/account/"


def test_continue_only_goes_to_pages_on_this_site(parent: User, signed_in: SignedIn) -> None:
    client = signed_in(parent)
    for bad in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        assert client.post(INTERRUPTION, {"next": bad})["Location"] == "/"


def test_it_can_be_read_again_from_the_account_page(parent: User, signed_in: SignedIn) -> None:
    ExitGuidanceSeen.objects.create(user=parent)
    client = signed_in(parent)
    account = client.get(reverse("accounts:account")).content.decode()
    assert f'href="{INTERRUPTION}"' in account
    assert f'href="{SAFETY}"' in account
    assert client.get(INTERRUPTION).status_code == 200


def test_staff_account_page_does_not_offer_it(worker: User, signed_in: SignedIn) -> None:
    account = signed_in(worker).get(reverse("accounts:account")).content.decode()
    assert INTERRUPTION not in account


# --- the safety content page -----------------------------------------------------------------------


def test_the_safety_page_is_public_and_says_who_to_call(client: Client) -> None:
    response = client.get(SAFETY)
    assert response.status_code == 200
    page = response.content.decode()
    for words in (
        "call 999",
        "press <strong>55</strong>",
        "<strong>0800 1111</strong>",
        "<strong>0808 800 5000</strong>",
        "Remove relsafe from your browsing history",
        "Use private browsing",
        "If someone may check your phone",
        "press the <strong>Shift</strong> key 3 times",
    ):
        assert words in page, words
    assert "Signed in as" not in page


def test_the_safety_page_shows_no_case_data_to_a_signed_in_parent(
    parent: User, signed_in: SignedIn
) -> None:
    """The same page for everyone: nothing in it depends on who is reading."""
    anonymous = Client().get(SAFETY).content.decode()
    signed = signed_in(parent).get(SAFETY).content.decode()
    main = re.compile(r'<main class="govuk-main-wrapper" id="main-content">.*</main>', re.S)
    anonymous_main, signed_main = main.search(anonymous), main.search(signed)
    assert anonymous_main
    assert signed_main
    assert anonymous_main.group(0) == signed_main.group(0)


def test_the_safety_page_names_the_neutral_site_from_the_setting(
    client: Client, settings: Any
) -> None:
    settings.EXIT_THIS_PAGE_URL = "https://neutral.example/news"
    assert "(neutral.example)" in client.get(SAFETY).content.decode()
