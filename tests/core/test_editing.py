"""The one edit flow (``core.editing.EditPage``): what a person sees on every create and edit page
when they save, when the service refuses, and when a colleague saved first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.test import RequestFactory

from relsafe.accounts.models import User
from relsafe.core import editing
from relsafe.core.concurrency import EditConflict
from relsafe.core.editing import ConflictPage, ConflictRow, EditPage, compare_fields, shown
from relsafe.core.forms import GovUKForm, apply_validation_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class NoteForm(GovUKForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Kind", choices=[("visit", "Home visit"), ("call", "Phone call")]
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)
    urgent = forms.BooleanField(label="Urgent", required=False)


@dataclass
class Saved:
    """A record as saved: what the conflict page compares with."""

    version: int
    kind: str = "visit"
    note: str = ""
    urgent: bool = False
    updated_at: dt.datetime | None = None


def note_form(data: QueryDict | None, saved: Saved | None) -> NoteForm:
    saved = saved or Saved(version=1)
    initial = {"version": saved.version, "kind": saved.kind, "note": saved.note}
    return NoteForm(data, initial={**initial, "urgent": saved.urgent})


@dataclass
class Service:
    """Stands in for a domain service: raises what it is told to, or saves."""

    raises: Exception | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, form: NoteForm) -> Saved:
        self.calls.append(form.cleaned_data)
        if self.raises is not None:
            raise self.raises
        return Saved(version=form.cleaned_data["version"] + 1, note=form.cleaned_data["note"])


@dataclass
class Drafts:
    data: QueryDict | None = None
    forgotten: int = 0

    def quiet(self, form: Any) -> Any:
        return form

    def forget(self, *, actor: Any, request: HttpRequest) -> None:
        self.forgotten += 1


def _request(user: User, data: dict[str, Any] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/notes/1/", data) if data is not None else factory.get("/notes/1/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = user
    return request


def _page(service: Service, **extra: Any) -> EditPage[NoteForm]:
    return EditPage(
        template="components/form.html",
        form=note_form,
        record=Saved(version=1, note="As opened"),
        save=service,
        success_url="/notes/1/",
        success_message="Note saved",
        **extra,
    )


def _messages(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


POSTED = {"version": "1", "kind": "call", "note": "What I wrote\nover two lines"}


def test_a_valid_save_calls_the_service_once_says_so_and_goes_on() -> None:
    service, drafts = Service(), Drafts()
    request = _request(UserFactory.create(), POSTED)

    response = _page(service, drafts=drafts).respond(request)

    assert response.status_code == 302
    assert response["Location"] == "/notes/1/"
    assert [call["note"] for call in service.calls] == ["What I wrote\nover two lines"]
    assert _messages(request) == ["Note saved"]
    assert drafts.forgotten == 1


def test_the_form_page_shows_the_record_as_saved() -> None:
    response = _page(Service()).respond(_request(UserFactory.create()))

    assert response.status_code == 200
    assert "As opened" in response.content.decode()


def test_bad_input_comes_back_with_what_was_typed_and_calls_no_service() -> None:
    service, drafts = Service(), Drafts()
    request = _request(UserFactory.create(), {**POSTED, "kind": ""})

    response = _page(service, drafts=drafts).respond(request)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in html
    assert "What I wrote" in html
    assert service.calls == []
    assert drafts.forgotten == 0


def test_a_refusal_from_the_service_is_shown_by_the_field_its_code_names() -> None:
    refusal = ValidationError("Say what the call was about", code="note_needed")
    drafts = Drafts()
    request = _request(UserFactory.create(), POSTED)

    response = _page(Service(raises=refusal), drafts=drafts, error_codes={"note_needed": "note"})
    html = response.respond(request).content.decode()

    assert '<p id="id_note-error" class="govuk-error-message">' in html
    assert "Say what the call was about" in html
    assert "What I wrote" in html
    assert drafts.forgotten == 0
    assert _messages(request) == []


def test_a_colleagues_save_gives_the_conflict_page_with_both_versions() -> None:
    theirs = Saved(
        version=4,
        kind="visit",
        note="What my colleague saved",
        urgent=True,
        updated_at=dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.UTC),
    )
    drafts = Drafts()
    request = _request(UserFactory.create(), POSTED)
    page = _page(
        Service(raises=EditConflict(theirs)),
        drafts=drafts,
        conflict=ConflictPage(heading="Someone else changed this note while you were writing"),
    )

    response = page.respond(request)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this note while you were writing" in html
    assert "What my colleague saved" in html
    assert "What I wrote<br>over two lines" in html
    assert "Home visit" in html
    assert "Phone call" in html
    # The person's words are in the form again, at the version now saved: saving is a choice.
    assert 'name="version" value="4"' in html
    assert "Save my version" in html
    assert 'href="/notes/1/">Keep the saved version' in html
    assert drafts.forgotten == 0
    assert _messages(request) == []


def test_a_read_only_page_saves_nothing() -> None:
    service = Service()

    response = _page(service, read_only=True).respond(_request(UserFactory.create(), POSTED))

    assert response.status_code == 200
    assert service.calls == []


def test_every_registered_hook_runs_once_after_a_save_and_never_after_a_conflict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    monkeypatch.setitem(editing._saved_form_hooks, "test", lambda r, form: seen.append("saved"))
    user = UserFactory.create()

    _page(Service()).respond(_request(user, POSTED))
    _page(Service(raises=EditConflict(Saved(version=2)))).respond(_request(user, POSTED))
    _page(Service(raises=ValidationError("No"))).respond(_request(user, POSTED))

    assert seen == ["saved"]


def test_conflict_rows_show_values_the_way_the_form_shows_them() -> None:
    form = note_form(QueryDict("version=3&kind=call&note=Mine&urgent=on"), None)
    assert form.is_valid()
    saved = note_form(None, Saved(version=3, kind="visit", note="Mine", urgent=False))

    rows = compare_fields(form, saved)

    assert rows == [
        ConflictRow("Kind", "Home visit", "Phone call"),
        ConflictRow("Note", "Mine", "Mine"),
        ConflictRow("Urgent", "No", "Yes"),
    ]
    assert [row.differs for row in rows] == [True, False, True]
    # A browser sends a text area's lines as CRLF: the same words are not "different".
    typed = note_form(QueryDict("version=3&kind=visit&note=One%0D%0ATwo"), None)
    assert typed.is_valid()
    assert not compare_fields(typed, {"note": "One\nTwo"}, names=["note"])[0].differs


def test_shown_writes_dates_and_people_out() -> None:
    worker = UserFactory.create(full_name="Sam Okafor")
    who = forms.ModelChoiceField(queryset=User.objects.all())

    assert shown(forms.DateField(), dt.date(2026, 3, 2)) == "2 March 2026"
    assert shown(forms.TimeField(), dt.time(9, 5)) == "09:05"
    assert shown(who, worker.pk) == shown(who, worker) == "Sam Okafor"
    assert shown(forms.CharField(), None) == ""


def test_a_validation_error_without_fields_goes_on_the_field_asked_for_or_at_the_top() -> None:
    form = note_form(QueryDict("version=1&kind=call"), None)
    assert form.is_valid()

    apply_validation_error(form, ValidationError("Top of the form"))
    apply_validation_error(form, ValidationError("By the note"), field="note")
    apply_validation_error(form, ValidationError({"kind": "By the kind", "elsewhere": "Top too"}))

    assert form.errors == {
        "__all__": ["Top of the form", "Top too"],
        "note": ["By the note"],
        "kind": ["By the kind"],
    }
