"""How record forms plug into Language with care: the child's age from the child chosen, which fields
get suggestions as the worker types, and warnings that the page groups under one heading."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from relsafe.cases.models import YoungPerson
from relsafe.core.forms import GovUKForm
from relsafe.language.forms import LanguageCheckedFormMixin, add_language_warnings, age_of
from tests.factories import FamilyFactory, YoungPersonFactory


def _born(years: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=years * 365 + 30)


class VisitForm(LanguageCheckedFormMixin, GovUKForm):
    language_checked_fields = ("notes", "place", "missing_field")
    language_young_person_field = "children"

    children = forms.ModelMultipleChoiceField(queryset=YoungPerson.objects.all(), required=False)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)
    place = forms.CharField(label="Where?", required=False)


def _request() -> HttpRequest:
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_age_of_counts_whole_years() -> None:
    child = YoungPerson(date_of_birth=dt.date(2012, 6, 15))
    assert age_of(child, today=dt.date(2025, 6, 14)) == 12
    assert age_of(child, today=dt.date(2025, 6, 15)) == 13
    assert age_of(None) is None


@pytest.mark.django_db
def test_the_age_comes_from_the_child_chosen_only_when_it_is_clear() -> None:
    family = FamilyFactory.create()
    twelve = YoungPersonFactory.create(family=family, date_of_birth=_born(12))
    also_twelve = YoungPersonFactory.create(family=family, date_of_birth=_born(12))
    fifteen = YoungPersonFactory.create(family=family, date_of_birth=_born(15))
    note = {"notes": "She is sexually active."}

    one = VisitForm(data={**note, "children": [twelve.pk]})
    assert one.is_valid()
    assert one.language_warnings["notes"][0].suggestion == "being raped"

    same_age = VisitForm(data={**note, "children": [twelve.pk, also_twelve.pk]})
    assert same_age.is_valid()
    assert same_age.language_warnings["notes"][0].suggestion == "being raped"

    # The note could be about either child, so the wording does not assume an age.
    mixed = VisitForm(data={**note, "children": [twelve.pk, fifteen.pk]})
    assert mixed.is_valid()
    assert mixed.language_warnings["notes"][0].suggestion == "being sexually abused"

    # An age the view knows wins over the choice.
    told = VisitForm(data={**note, "children": [fifteen.pk]}, child_age=12)
    assert told.is_valid()
    assert told.language_warnings["notes"][0].suggestion == "being raped"


@pytest.mark.django_db
def test_text_areas_and_text_boxes_get_suggestions_as_the_worker_types() -> None:
    assert VisitForm().language_live_fields == ("notes", "place")  # not the child picker


@pytest.mark.django_db
def test_messages_name_the_field_plainly_and_are_grouped_on_the_page() -> None:
    form = VisitForm(data={"notes": "He absconded.", "place": "Mum is hard to reach"})
    assert form.is_valid()
    lines = form.language_warning_messages()
    assert lines[0].startswith("Notes: instead of “absconded”")
    assert lines[1].startswith("Where: instead of “hard to reach”")

    request = _request()
    from django.contrib import messages

    messages.success(request, "Contact recorded.")
    add_language_warnings(request, form)
    page = render_to_string(
        "components/messages.html", {"messages": get_messages(request)}, request=request
    )
    assert page.count("govuk-notification-banner__title") == 2
    assert 'aria-labelledby="language-messages-title"' in page
    assert page.count("<li>") == 2
    assert page.index("Contact recorded.") < page.index("Language with care")
