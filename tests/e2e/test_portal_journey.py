"""Journey 6's last step, played with Jayden's uncle (PRODUCT.md §9), and Jayden's own space.

Sam gives Jayden's uncle Kwame a sign-in link from the family page; on a shared phone (320 px)
Kwame opens it, sets a password, signs in, is shown once how to leave quickly, and leaves by
pressing Shift three times. The used link then gets a clear page. Jayden rates his uncle as a
trusted adult in his space, and Sam sees it on Jayden's profile in Jayden's own words. Every
portal page is checked with axe at 320 px.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from relsafe.accounts.models import UserSession
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_exit_this_page import neutral_site  # noqa: F401 - the stub neutral site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
KWAME = "kwame@family.example"
JAYDEN = "jayden@family.example"
NEW_PASSWORD = "goalposts under floodlights 7"
PHONE = {"width": 320, "height": 640}


def _phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    return context


@pytest.mark.usefixtures("neutral_site")
def test_sam_invites_the_uncle_who_sets_a_password_and_leaves_by_shift_three_times(
    page: Any, browser: Any, demo_world: Any, live_server: Any, settings: Any
) -> None:
    family = demo_world.families["jayden"]
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(reverse("cases:family", args=[family.pk]))
    portal = page.locator("#portal")
    expect(portal.get_by_role("heading", name="Family portal")).to_be_visible()
    portal.get_by_role("link", name="Give a new sign-in link Kwame Mensah").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kwame Mensah")
    assert_accessible(page)
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_role("heading", name="Sign-in link created")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_label("Their link").input_value()
    assert "/join/" in link

    # Kwame, on a shared phone.
    context = _phone(browser, live_server)
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Create your password")).to_be_visible()
    expect(phone.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Create a password").fill(NEW_PASSWORD)
    phone.get_by_label("Type the password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Save password").click()
    expect(phone.get_by_text("Your password is set.")).to_be_visible()
    sign_in(phone, KWAME, NEW_PASSWORD)
    expect(phone).to_have_url(re.compile(r"/before-you-start/$"))
    assert_accessible(phone)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello Kwame")
    assert_accessible(phone)
    for url, heading in (
        (reverse("portal:messages"), "Messages with your worker"),
        (reverse("portal:check-in"), "How are you doing?"),
    ):
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        expect(phone.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
        assert_accessible(phone)
    for _ in range(3):
        phone.keyboard.press("Shift")
    expect(phone).to_have_url(settings.EXIT_THIS_PAGE_URL)
    assert not UserSession.objects.filter(user__email=KWAME).exists()

    # The link has been used: a clear page, not an error code.
    phone.goto(link)
    expect(phone.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert_accessible(phone)
    # Signing in again goes straight to his start page: the interruption was shown once.
    sign_in(phone, KWAME, NEW_PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello Kwame")
    context.close()


def test_jayden_rates_his_uncle_as_a_trusted_adult_and_it_shows_in_his_profile(
    page: Any, browser: Any, demo_world: Any, live_server: Any
) -> None:
    jayden = demo_world.young_people["jayden"]
    context = _phone(browser, live_server)
    phone = context.new_page()
    sign_in(phone, JAYDEN, DEMO_PASSWORD)
    expect(phone).to_have_url(re.compile(r"/before-you-start/$"))
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome, Jayden")
    assert_accessible(phone)
    phone.get_by_role("link", name="Go to my space").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My space")
    assert_accessible(phone)
    phone.get_by_label("Who is someone you can go to?").fill("Uncle Kwame")
    answers = {
        "They really care about me and what happens to me in the future.": "Totally",
        "They do things that actually help me.": "Mostly",
        "I feel safe when I am with them.": "Totally",
        "I can trust them.": "Totally",
    }
    for statement, answer in answers.items():
        phone.get_by_role("group", name=statement).get_by_label(answer, exact=True).check()
    phone.get_by_label("What is going well for you?").fill("Football, and drawing with my sister.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Saved. Your worker will see what you wrote.")).to_be_visible()
    assert_accessible(phone)
    context.close()

    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(reverse("cases:young-person", args=[jayden.pk]))
    words = page.locator("#in-their-words")
    expect(words.get_by_role("heading", name="In Jayden's own words")).to_be_visible()
    expect(words).to_contain_text("Who I trust: Uncle Kwame")
    expect(words).to_contain_text("Mostly (4 of 5)")
    expect(words).to_contain_text("Football, and drawing with my sister.")
    assert_accessible(page)

    # The worker's side of the family's messages and check-ins.
    family = demo_world.families["jayden"]
    page.goto(reverse("portal:family-messages", args=[family.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Messages with the")
    page.get_by_label("Your message").fill(
        "Jayden has said who he trusts. Shall we talk on Friday?"
    )
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    expect(page.get_by_text("Not read yet").last).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("portal:family-check-ins", args=[family.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Parents' check-ins")
    expect(page.locator("svg.rs-chart")).to_be_visible()
    assert_accessible(page)
