"""LanguageCheckedFormMixin: wording is checked on save as warnings, never errors, shown once."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from relsafe.core.forms import GovUKForm
from relsafe.language.forms import (
    MAX_WARNING_MESSAGES,
    LanguageCheckedFormMixin,
    add_language_warnings,
)


class ContactNoteForm(LanguageCheckedFormMixin, GovUKForm):
    language_checked_fields = ("summary", "childs_voice")

    summary = forms.CharField(label="What happened", widget=forms.Textarea)
    childs_voice = forms.CharField(label="What Jayden said", widget=forms.Textarea, required=False)
    place = forms.CharField(label="Where", required=False)


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_blaming_wording_is_a_warning_and_the_form_still_saves() -> None:
    form = ContactNoteForm(
        data={"summary": "Jayden absconded and is putting himself at risk.", "place": "absconded"}
    )
    assert form.is_valid()
    assert form.errors == {}
    assert form.has_language_warnings
    assert [f.text for f in form.language_warnings["summary"]] == [
        "absconded",
        "is putting himself at risk",
    ]
    assert "place" not in form.language_warnings, "only the named fields are checked"


def test_careful_wording_has_no_warnings() -> None:
    form = ContactNoteForm(data={"summary": "Jayden went missing and his mum found him."})
    assert form.is_valid()
    assert not form.has_language_warnings


def test_warning_messages_name_the_field_and_the_better_wording() -> None:
    form = ContactNoteForm(
        data={"summary": "He absconded.", "childs_voice": "Mum is hard to reach."}
    )
    assert form.is_valid()
    lines = form.language_warning_messages()
    assert lines[0].startswith(
        "What happened: instead of “absconded”, you could write “went missing”."
    )
    assert lines[1].startswith("What Jayden said: instead of “hard to reach”")


def test_the_childs_age_picks_age_aware_wording() -> None:
    form = ContactNoteForm(data={"summary": "She is sexually active."}, child_age=12)
    assert form.is_valid()
    assert form.language_warnings["summary"][0].suggestion == "being raped"


def test_warnings_are_queued_as_messages_for_the_next_page() -> None:
    """Django's messages are shown once, on the page after the save."""
    request = _request()
    form = ContactNoteForm(data={"summary": "He absconded."})
    assert form.is_valid()
    assert add_language_warnings(request, form) == 1
    shown = list(get_messages(request))
    assert len(shown) == 1
    assert shown[0].level_tag == "warning"
    assert "went missing" in str(shown[0])


def test_many_warnings_are_summed_up() -> None:
    request = _request()
    form = ContactNoteForm(data={"summary": " ".join(["He absconded."] * 12)})
    assert form.is_valid()
    assert add_language_warnings(request, form) == 12
    shown = [str(m) for m in get_messages(request)]
    assert len(shown) == MAX_WARNING_MESSAGES + 1
    assert shown[-1].startswith("There are 4 more wording suggestions")
