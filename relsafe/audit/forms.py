"""The administrator's filters for the audit trail (MoJ filter pattern: GET, so a search is a URL
that can be bookmarked and exported as it is)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict

from relsafe.audit.models import AuditAction
from relsafe.audit.selectors import DEFAULT_SORT, SORTS, AuditFilters
from relsafe.core.forms import GovUKDateInput, GovUKForm

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]


class AuditFilterForm(GovUKForm):
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AuditAction.choices],
        error_messages={"invalid_choice": "Select an action from the list"},
        widget=forms.Select(attrs={"class": "govuk-!-width-full"}),
    )
    actor = forms.CharField(
        label="Email address of the person",
        help_text="All or part of it, for example sam@",
        required=False,
        max_length=254,
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-!-width-full"}
        ),
    )
    object_type = forms.ChoiceField(
        label="Type of record",
        required=False,
        error_messages={"invalid_choice": "Select a type of record from the list"},
        widget=forms.Select(attrs={"class": "govuk-!-width-full"}),
    )
    date_from = forms.DateField(
        label="From",
        help_text="For example, 27 3 2026",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real 'from' date, like 27 3 2026"},
        widget=GovUKDateInput(),
    )
    date_to = forms.DateField(
        label="To",
        help_text="For example, 31 3 2026",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real 'to' date, like 31 3 2026"},
        widget=GovUKDateInput(),
    )

    def __init__(self, *args: Any, object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "Any type"), *((t, t) for t in object_types)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned

    def filters(self, *, sort: str = DEFAULT_SORT, order: str = "desc") -> AuditFilters:
        """The fields that are valid; the views refuse to export while any field is wrong."""
        self.is_valid()
        data = self.cleaned_data
        return AuditFilters(
            action=data.get("action") or "",
            actor=data.get("actor") or "",
            object_type=data.get("object_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=sort if sort in SORTS else DEFAULT_SORT,
            descending=order != "asc",
        )

    def selected(self) -> list[dict[str, str]]:
        """The MoJ filter's 'Selected filters' tags: each links to the same search without it."""
        self.is_valid()
        tags = []
        for name in ("action", "actor", "object_type", "date_from", "date_to"):
            value = self.cleaned_data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if name == "action":
                text = AuditAction(value).label
            elif name in ("date_from", "date_to"):
                text = value.strftime("%-d %B %Y")
            else:
                text = str(value)
            remaining = cast(QueryDict, self.data).copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            tags.append({"heading": str(field.label), "text": text, "query": remaining.urlencode()})
        return tags
