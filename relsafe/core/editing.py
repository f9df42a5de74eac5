"""One way to edit a record: the form page, its draft, the service call, the conflict page.

Every page that creates or changes a record declares itself as an :class:`EditPage` and returns
``page.respond(request)``; the flow is then the same everywhere:

1. **GET**: the form, bound to a restored draft when the person chose "Restore it" (the draft's
   half-written fields are shown without "enter X" errors), else unbound around the saved record.
2. **POST**: the form is validated; a valid form is handed to ``save`` (which calls ONE service).
3. The service raises :class:`~relsafe.core.concurrency.EditConflict` (someone else saved since the
   person opened the form): the shared conflict page, status 409 — what is there now beside what
   they wrote, and their own text in the form again at the version now saved, so saving it is a
   deliberate choice to replace a colleague's work. Nothing is overwritten and nothing typed is lost.
4. The service raises ``ValidationError``: its messages go on the form (:func:`apply_validation_error`)
   and the page comes back with everything typed.
5. Saved: the draft is forgotten, the success message queued, every registered saved-form hook runs
   (the language app's "Language with care" warnings), then ``after_save``, then the redirect.

``core`` imports no domain app: drafts come in through the small :class:`FormDrafts` protocol (the
drafts app's ``draft_for_form`` returns one) and apps add behaviour after a save with
:func:`register_saved_form_hook` from their ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import formats, timezone

from relsafe.accounts.models import User
from relsafe.accounts.people import signed_in_user
from relsafe.core.concurrency import EditConflict
from relsafe.core.forms import apply_validation_error

__all__ = [
    "ConflictPage",
    "ConflictRow",
    "EditPage",
    "FormDrafts",
    "compare_fields",
    "register_saved_form_hook",
    "shown",
    "shown_value",
]

CONFLICT_TEMPLATE = "components/edit_conflict.html"

F = TypeVar("F", bound=BaseForm)
SavedFormHook = Callable[[HttpRequest, BaseForm], object]
_saved_form_hooks: dict[str, SavedFormHook] = {}


def register_saved_form_hook(name: str, hook: SavedFormHook) -> None:
    """Run ``hook(request, form)`` after every successful save through an :class:`EditPage`
    (called from an app's ``AppConfig.ready``; registering a name again replaces it)."""
    _saved_form_hooks[name] = hook


class FormDrafts(Protocol):
    """What an edit page needs from the drafts app (``drafts.selectors.draft_for_form``)."""

    data: QueryDict | None

    def quiet(self, form: Any) -> Any: ...

    def forget(self, *, actor: User, request: HttpRequest) -> None: ...


@dataclass(frozen=True)
class ConflictRow:
    """One line of the conflict page: a question, what is saved now and what the person wrote."""

    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved.strip() != self.yours.strip()


def _choice_labels(choices: Iterable[Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            labels.update(_choice_labels(label))
        else:
            labels[str(value)] = str(label)
    return labels


def _model_label(field: forms.ModelChoiceField[Any], value: Any) -> str:
    if not isinstance(value, Model) and field.queryset is not None:
        value = field.queryset.filter(pk=value).first()
    return str(field.label_from_instance(value)) if value is not None else ""


def shown_value(value: Any) -> str:
    """A saved or typed value written out for a person: dates in words, Yes or No, "" for
    nothing."""
    if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    # Browsers send a text area's lines as CRLF; what is saved may have plain newlines.
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def shown(field: forms.Field, value: Any) -> str:
    """A value as the form's field shows it to a person: a choice's label, a worker's name,
    otherwise as :func:`shown_value` writes it."""
    if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
        return ""
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(_model_label(field, item) for item in value)
    if isinstance(field, forms.ModelChoiceField):
        return _model_label(field, value)
    if isinstance(field, forms.ChoiceField):
        labels = _choice_labels(field.choices)  # type: ignore[arg-type]
        items = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in items)
    return shown_value(value)


def _question(label: str) -> str:
    """A field's label as a row heading: "(optional)" is about filling the form in, not the answer."""
    return label.removesuffix("(optional)").rstrip()


def _compared_names(form: BaseForm) -> list[str]:
    return [
        bound.name
        for bound in form.visible_fields()
        if bound.name != "version" and not bound.field.disabled
    ]


def compare_fields(
    form: BaseForm,
    saved: BaseForm | Mapping[str, Any],
    *,
    names: Iterable[str] | None = None,
) -> list[ConflictRow]:
    """Rows for the conflict page, one per field the person can change (or ``names``).

    ``form`` is the person's validated form (what they wrote); ``saved`` is what is there now:
    the same form built around the saved record (its initial values), or the saved values by
    field name. Both sides are shown the way the field shows them."""
    rows = []
    for name in names if names is not None else _compared_names(form):
        form_field = form.fields[name]
        saved_value = saved[name].initial if isinstance(saved, BaseForm) else saved.get(name)
        rows.append(
            ConflictRow(
                label=_question(str(form_field.label or name)),
                saved=shown(form_field, saved_value),
                yours=shown(form_field, form.cleaned_data.get(name)),
            )
        )
    return rows


@dataclass(frozen=True, kw_only=True)
class ConflictPage:
    """How a record type words its conflict page; the layout is shared
    (``components/edit_conflict.html``)."""

    heading: str = "Someone else saved changes while you were editing"
    # The browser title is kept in history and seen on shared screens: no names in it.
    title: str = ""
    submit: str = "Save my version"
    # Where "Keep the saved version" goes; the page's success URL when not given.
    keep_url: str = ""
    # The saved record's attributes saying when and by whom it was last saved, where it has them.
    changed_at: str = "updated_at"
    changed_by: str = "updated_by"
    # Draws the retry form's fields: the same partial the form page uses.
    fields_template: str = "language/_checked_form.html"
    # The retry form's column (GOV.UK grid): "full" for forms laid out in columns of their own.
    form_width: str = "two-thirds"
    # (the person's form, the record as saved now) -> rows; by default every field the person can
    # change, compared with the form built around the saved record (compare_fields).
    rows: Callable[[Any, Any], list[ConflictRow]] | None = None


@dataclass(frozen=True)
class ShownConflict:
    """What the shared template gets as ``conflict``."""

    page: ConflictPage
    current: Any
    rows: list[ConflictRow]
    keep_url: str
    restart_url: str
    changed_at: dt.datetime | None
    changed_by: str


def _post_at_version(request: HttpRequest, version: int) -> QueryDict:
    """The person's own input re-based on the version now saved: saving it again is then a
    deliberate choice to replace what a colleague saved."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


def _who(user: User | None) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user)


@dataclass(kw_only=True)
class EditPage(Generic[F]):
    """One create or edit page, declared. ``respond(request)`` runs the whole flow.

    ``form(data, record)`` builds the page's form bound to ``data`` (None: unbound) around
    ``record``: the record being changed, the record as saved now (for the conflict page), or
    None on a create page. ``save(form)`` calls the one service and returns what it saved.
    """

    template: str
    form: Callable[[QueryDict | None, Any], F]
    save: Callable[[F], Any]
    success_url: str | Callable[[Any], str]
    success_message: str | Callable[[Any], str] = ""
    record: Any = None
    context: Mapping[str, Any] = field(default_factory=dict)
    # Autosave and "Restore it" (drafts.selectors.draft_for_form), for long forms.
    drafts: FormDrafts | None = None
    conflict: ConflictPage = field(default_factory=ConflictPage)
    # Where a service's ValidationError without field names goes: one field, or by error code.
    error_field: str | None = None
    error_codes: Mapping[str, str] = field(default_factory=dict)
    # Anything more to tell the person once saved (warnings), given what was saved.
    after_save: Callable[[Any], object] | None = None
    # Shown but never saved (e.g. a tie that has ended): a POST shows the page again.
    read_only: bool = False

    def respond(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and not self.read_only:
            form = self.form(request.POST, self.record)
            if form.is_valid():
                return self._save(request, form)
        else:
            form = self.form(self.drafts.data if self.drafts else None, self.record)
            if self.drafts:
                self.drafts.quiet(form)
        return self._render(request, self.template, form)

    def _render(
        self, request: HttpRequest, template: str, form: F, status: int = 200, **extra: Any
    ) -> HttpResponse:
        context = {**self.context, "form": form, "drafts": self.drafts, **extra}
        return render(request, template, context, status=status)

    def _save(self, request: HttpRequest, form: F) -> HttpResponse:
        try:
            saved = self.save(form)
        except EditConflict as conflict:
            return self._conflict(request, form, conflict.current)
        except ValidationError as error:
            apply_validation_error(form, error, field=self.error_field, codes=self.error_codes)
            return self._render(request, self.template, form)
        if self.drafts:
            self.drafts.forget(actor=signed_in_user(request), request=request)
        message = self.success_message
        message = message(saved) if callable(message) else message
        if message:
            messages.success(request, message)
        for hook in _saved_form_hooks.values():
            hook(request, form)
        if self.after_save:
            self.after_save(saved)
        url = self.success_url
        return redirect(url(saved) if callable(url) else url)

    def _conflict(self, request: HttpRequest, form: F, current: Any) -> HttpResponse:
        page = self.conflict
        # Compare before the retry form is validated: a ModelForm writes its data onto the
        # instance it was given, and the saved side must stay what is saved.
        if page.rows is not None:
            rows = page.rows(form, current)
        else:
            rows = compare_fields(form, self.form(None, current))
        retry = self.form(
            _post_at_version(request, current.version if current is not None else 0),
            current if current is not None else self.record,
        )
        retry.is_valid()
        keep_url = page.keep_url or (self.success_url if isinstance(self.success_url, str) else "")
        shown_conflict = ShownConflict(
            page=page,
            current=current,
            rows=rows,
            keep_url=keep_url or request.path,
            restart_url=request.path,
            changed_at=getattr(current, page.changed_at, None),
            changed_by=_who(getattr(current, page.changed_by, None)),
        )
        return self._render(request, CONFLICT_TEMPLATE, retry, 409, conflict=shown_conflict)
