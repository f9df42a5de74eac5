"""The one form for writing an article (new or changed). The services check again; the form puts
each problem beside its field. The summary and the text are checked by "Language with care":
findings are warnings after the save, never errors."""

from __future__ import annotations

from typing import Any

from django import forms

from relsafe.core.forms import GovUKForm, VersionedFormMixin
from relsafe.core.text_limits import LONG_TEXT
from relsafe.language.forms import LanguageCheckedFormMixin
from relsafe.resources.models import Article, Audience, Topic
from relsafe.resources.services import ArticleValues

MARKDOWN_HINT = (
    "Leave a blank line between paragraphs. Start a line with ## for a heading, with - for a "
    "list, or with 1. for a numbered list. **Two stars** make words bold; [words](https://…) "
    "make a link. Pictures and HTML are not shown. Use Preview to see how it will look."
)


class ArticleForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKForm):
    language_checked_fields = ("summary", "body")

    title = forms.CharField(label="Title", max_length=120)
    summary = forms.CharField(
        label="Summary",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences, shown in the list and in search results.",
    )
    audiences = forms.MultipleChoiceField(
        label="Who is it written for?",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="A parent or young person sees only the articles written for them. "
        "Practitioners see every article.",
        error_messages={"required": "Select who the article is for"},
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one topic"},
    )
    body = forms.CharField(
        label="Article",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=MARKDOWN_HINT,
        strip=False,
    )

    def __init__(
        self, *args: Any, article: Article | None = None, version: int | None = None, **kwargs: Any
    ) -> None:
        if article is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": article.title,
                    "summary": article.summary,
                    "audiences": article.audiences,
                    "topics": article.topics,
                    "body": article.body,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["summary"].error_messages["required"] = "Enter a summary"
        self.fields["body"].error_messages["required"] = "Enter the article"
        self.add_version(version)

    def values(self) -> ArticleValues:
        data = self.cleaned_data
        return ArticleValues(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            audiences=list(data["audiences"]),
            topics=list(data["topics"]),
        )
