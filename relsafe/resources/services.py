"""Writing the resources library: every change is a team manager's, checked here
(``Action.EDIT_RESOURCES``), made in one transaction with its audit entry, and an edit of an
existing article is an optimistic-locked update (``core.concurrency``), so two managers editing
the same article never overwrite each other silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.core.concurrency import update_if_unchanged
from relsafe.core.search import search_document
from relsafe.core.text_limits import check_text_limits
from relsafe.resources.models import AUDIENCE_FIELDS, Article, ArticleTopic, Audience, Topic

SLUG_LENGTH = 70


class ArticleValues(TypedDict):
    title: str
    summary: str
    body: str
    audiences: list[str]
    topics: list[str]


def article_search_text(article: Article, topics: Iterable[str] | None = None) -> str:
    """The words the library's search looks in: title, summary, text and tag names."""
    codes = list(topics) if topics is not None else article.topics
    return search_document(
        article.title,
        article.summary,
        article.body,
        " ".join(Audience(code).label for code in article.audiences),
        " ".join(Topic(code).label for code in codes if code in Topic.values),
    )


def _checked(values: ArticleValues) -> dict[str, Any]:
    """The article's columns from the values, or a ValidationError by field name."""
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    summary = (values.get("summary") or "").strip()
    body = (values.get("body") or "").strip()
    audiences = [a for a in values.get("audiences") or [] if a in Audience.values]
    topics = [t for t in values.get("topics") or [] if t in Topic.values]
    if not title:
        errors["title"] = "Enter a title"
    if not summary:
        errors["summary"] = "Enter a summary"
    if not body:
        errors["body"] = "Enter the article"
    if not audiences:
        errors["audiences"] = "Select who the article is for"
    if not topics:
        errors["topics"] = "Select at least one topic"
    if errors:
        raise ValidationError(errors)
    columns: dict[str, Any] = {"title": title, "summary": summary, "body": body}
    columns.update({name: code in audiences for code, name in AUDIENCE_FIELDS.items()})
    check_text_limits(Article, columns)
    return columns


def _topics(values: ArticleValues) -> list[str]:
    wanted = set(values.get("topics") or [])
    return [code for code in Topic.values if code in wanted]


def _unique_slug(title: str) -> str:
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug = f"{base[: SLUG_LENGTH - 4]}-{n}"
        n += 1
    return slug


def _set_topics(article: Article, topics: list[str]) -> None:
    ArticleTopic.objects.filter(article=article).exclude(topic__in=topics).delete()
    have = set(ArticleTopic.objects.filter(article=article).values_list("topic", flat=True))
    ArticleTopic.objects.bulk_create(
        [ArticleTopic(article=article, topic=t) for t in topics if t not in have]
    )


@atomic_action
def create_article(
    *, actor: User, values: ArticleValues, request: HttpRequest | None = None
) -> Article:
    """A new article, as a draft: nobody but editors sees it until it is published."""
    require(actor, Action.EDIT_RESOURCES, request=request)
    columns = _checked(values)
    topics = _topics(values)
    article = Article(
        **columns, slug=_unique_slug(columns["title"]), created_by=actor, updated_by=actor
    )
    article.search_text = article_search_text(article, topics)
    article.save()
    _set_topics(article, topics)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=article,
        detail={"title": article.title},
    )
    return article


@atomic_action
def update_article(
    *,
    actor: User,
    article: Article,
    expected_version: int,
    values: ArticleValues,
    request: HttpRequest | None = None,
) -> Article:
    """Change an article's words and tags. A published article changes for its readers at once."""
    require(actor, Action.EDIT_RESOURCES, request=request)
    columns = _checked(values)
    topics = _topics(values)
    after = Article(**columns)
    columns["search_text"] = article_search_text(after, topics)
    article = update_if_unchanged(article, expected_version, **columns, updated_by=actor)
    _set_topics(article, topics)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=article,
        detail={"version": article.version, "title": article.title},
    )
    return article


@atomic_action
def publish_article(
    *, actor: User, article: Article, expected_version: int, request: HttpRequest | None = None
) -> Article:
    """Make the article, as the editor last saw it, readable by its audiences."""
    require(actor, Action.EDIT_RESOURCES, request=request)
    article = update_if_unchanged(
        article, expected_version, published_at=timezone.now(), updated_by=actor
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=article,
        detail={"version": article.version, "published": True},
    )
    return article


@atomic_action
def unpublish_article(
    *, actor: User, article: Article, expected_version: int, request: HttpRequest | None = None
) -> Article:
    """Take the article out of the library (it goes back to being a draft)."""
    require(actor, Action.EDIT_RESOURCES, request=request)
    article = update_if_unchanged(article, expected_version, published_at=None, updated_by=actor)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=article,
        detail={"version": article.version, "published": False},
    )
    return article
