"""The live check behind a textarea and the "Check your wording" page: staff only, bounded input,
suggestions a worker can act on, and a check that still runs without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import STAFF_ROLES, Role
from tests.conftest import sign_in_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHECK = reverse("language:check")
TRY = reverse("language:try")
WRITERS = [Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER]


def staff(role: str) -> User:
    return cast(User, UserFactory(role=role))


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_gets_suggestions(signed_in: Callable[[User], Client], role: str) -> None:
    client = signed_in(staff(role))
    response = client.post(CHECK, {"field": "text", "text": "Jayden is putting himself at risk."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Language with care: 1 suggestion" in body
    assert "“is putting himself at risk”" in body
    assert "“is at risk of being exploited”" in body
    assert "The Children&#x27;s Society" in body


def test_the_live_check_needs_the_csrf_token() -> None:
    client = sign_in_client(Client(enforce_csrf_checks=True), staff(Role.PARENT_SUPPORT_WORKER))
    assert client.post(CHECK, {"text": "He absconded."}).status_code == 403
    page = client.get(TRY).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(CHECK, {"text": "He absconded."}, HTTP_X_CSRFTOKEN=token.group(1))
    assert response.status_code == 200
    assert "went missing" in response.content.decode()


def test_careful_text_returns_an_empty_fragment(signed_in: Callable[[User], Client]) -> None:
    response = signed_in(staff(Role.SOCIAL_WORKER)).post(
        CHECK, {"text": "Jayden has a trusted adult at school and is working towards his GCSEs."}
    )
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_text_over_20000_characters_is_not_checked_live_and_says_why(
    signed_in: Callable[[User], Client],
) -> None:
    long_text = "He absconded. " * 1500
    response = signed_in(staff(Role.SOCIAL_WORKER)).post(CHECK, {"text": long_text})
    body = response.content.decode()
    assert response.status_code == 200
    assert "longer than 20,000 characters" in body
    assert "still checked when you save" in body
    assert "went missing" not in body


def test_the_fragment_reads_the_named_field_and_points_buttons_at_its_textarea(
    signed_in: Callable[[User], Client],
) -> None:
    response = signed_in(staff(Role.PARENT_SUPPORT_WORKER)).post(
        CHECK,
        {"field": "summary", "target": "id_summary", "summary": "Mia absconded.", "text": "x"},
    )
    body = response.content.decode()
    assert 'data-target="id_summary"' in body
    assert 'data-phrase="absconded"' in body
    assert 'data-replacement="went missing"' in body
    assert 'data-start="4"' in body
    assert 'data-end="13"' in body


def test_odd_field_names_and_targets_are_ignored(signed_in: Callable[[User], Client]) -> None:
    response = signed_in(staff(Role.PARENT_SUPPORT_WORKER)).post(
        CHECK,
        {"field": "text<script>", "target": '"><img src=x>', "text": "He absconded."},
    )
    body = response.content.decode()
    assert "went missing" in body
    assert "<img" not in body
    assert "data-language-replace" not in body, "no target, so no button to press"


def test_the_childs_age_can_come_from_another_field(signed_in: Callable[[User], Client]) -> None:
    client = signed_in(staff(Role.SOCIAL_WORKER))
    text = "She is sexually active."
    by_field = client.post(CHECK, {"text": text, "age_field": "age", "age": "12"})
    assert "“being raped”" in by_field.content.decode()
    direct = client.post(CHECK, {"text": text, "child_age": "14"})
    assert "“being sexually abused”" in direct.content.decode()
    nonsense = client.post(CHECK, {"text": text, "child_age": "fourteen"})
    assert "“being sexually abused”" in nonsense.content.decode()


def test_the_young_persons_own_words_get_no_suggestions_while_the_box_is_ticked(
    signed_in: Callable[[User], Client],
) -> None:
    """Their words, recorded as they said them, are not ours to correct: the live check stays
    quiet exactly when the save-time check does."""
    client = signed_in(staff(Role.PARENT_SUPPORT_WORKER))
    said = {"field": "text", "text": "Mum says I absconded.", "own_words_field": "mine"}
    assert "Language with care" in client.post(CHECK, said).content.decode()
    quiet = client.post(CHECK, {**said, "mine": "on"}).content.decode()
    assert "Language with care" not in quiet


def test_the_strength_form_sends_its_own_words_box_with_the_live_check(
    signed_in: Callable[[User], Client],
) -> None:
    from tests.factories import allocated_family

    worker = staff(Role.PARENT_SUPPORT_WORKER)
    child = allocated_family(worker).young_people.get()
    page = signed_in(worker).get(f"/families/young-people/{child.pk}/strengths/new/")
    html = page.content.decode()
    assert "change from:#id_in_own_words" in html
    assert "own_words_field" in html
    assert "in_own_words" in html


def test_line_endings_from_a_browser_form_do_not_shift_offsets(
    signed_in: Callable[[User], Client],
) -> None:
    response = signed_in(staff(Role.SOCIAL_WORKER)).post(
        CHECK, {"text": "Line one.\r\nLine two.\r\nHe absconded.", "target": "id_text"}
    )
    assert 'data-start="23"' in response.content.decode()


def test_the_try_page_carries_the_live_check(signed_in: Callable[[User], Client]) -> None:
    body = signed_in(staff(Role.PARENT_SUPPORT_WORKER)).get(TRY).content.decode()
    assert '<h1 class="govuk-heading-l">Check your wording</h1>' in body
    assert f'hx-post="{CHECK}"' in body
    assert 'hx-trigger="keyup changed delay:600ms from:#id_text' in body
    assert 'aria-live="polite"' in body
    assert 'hx-params="text,field,target,age_field,child_age,child_age"' in body
    assert "&quot;field&quot;: &quot;text&quot;" in body
    assert "js/language.mjs" in body


def test_the_try_page_lists_every_rule_with_its_suggestion_and_sources(
    signed_in: Callable[[User], Client],
) -> None:
    from html import unescape

    from relsafe.language.catalogue import catalogue
    from relsafe.language.rules import RULES

    body = unescape(signed_in(staff(Role.SOCIAL_WORKER)).get(TRY).content.decode())
    assert "Every rule, with its suggestion and sources" in body
    entries = {entry.rule_id: entry for group in catalogue() for entry in group.entries}
    assert set(entries) == {rule.id for rule in RULES}
    for rule in RULES:
        entry = entries[rule.id]
        row = body.split(f'id="rule-{rule.id}"', 1)[1].split("</div>", 1)[0]
        assert f"“{entry.flagged}”" in row
        assert entry.suggestion in row
        assert "Source: " + "; ".join(rule.source_names) in row
    assert "Blames parents for harm from outside the family" in body


def test_without_javascript_the_check_runs_on_submit_and_keeps_the_text(
    signed_in: Callable[[User], Client],
) -> None:
    text = "Jayden is putting himself at risk by going out late."
    body = signed_in(staff(Role.SOCIAL_WORKER)).post(TRY, {"text": text}).content.decode()
    assert "Language with care: 1 suggestion" in body
    assert "“is at risk of being exploited”" in body
    assert f"{text}</textarea>" in body


def test_careful_wording_submitted_without_javascript_is_confirmed(
    signed_in: Callable[[User], Client],
) -> None:
    body = (
        signed_in(staff(Role.SOCIAL_WORKER))
        .post(TRY, {"text": "Jayden went missing and was found by his mum."})
        .content.decode()
    )
    assert "No wording to change" in body


def test_bad_input_on_the_try_page_is_explained_by_the_field(
    signed_in: Callable[[User], Client],
) -> None:
    client = signed_in(staff(Role.SOCIAL_WORKER))
    empty = client.post(TRY, {"text": ""}).content.decode()
    assert "There is a problem" in empty
    assert "Enter some wording to check" in empty
    too_long = "x" * 20_001
    body = client.post(TRY, {"text": too_long, "child_age": "many"}).content.decode()
    assert "Your wording must be 20,000 characters or fewer" in body
    assert "Child&#x27;s age must be a number, like 14" in body
    assert too_long in body, "nothing typed is lost"


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_the_navigation_links_the_page_for_staff_who_write_records(
    signed_in: Callable[[User], Client], role: str
) -> None:
    body = signed_in(staff(role)).get(reverse("core:start")).content.decode()
    assert (f'href="{TRY}"' in body) is (role in WRITERS)
