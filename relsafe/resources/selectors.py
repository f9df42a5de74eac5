"""Reading the resources library. Which articles a person may read is decided by
``access.policy`` (``Action.READ_RESOURCES``: a parent or young person reads the published
articles written for them, staff every published one, editors their drafts too); these selectors
narrow by words and tags in SQL first and then ask the policy about each article left.

Articles are not case data (no family, nobody's details), so reading them is not audited; a
refused read is, like every refusal.
"""

from __future__ import annotations

import re

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, can, deny, not_found
from relsafe.accounts.models import User
from relsafe.core.search import clean_query
from relsafe.resources.models import AUDIENCE_FIELDS, Article, Audience, Topic

MAX_WORDS = 8
READING_FOR_YOU = 4


def _articles() -> QuerySet[Article]:
    return Article.objects.prefetch_related("topic_tags")


def _readable(user: User, articles: QuerySet[Article]) -> list[Article]:
    return [a for a in articles if can(user, Action.READ_RESOURCES, record=a)]


def words_of(query: str) -> list[str]:
    """The words of a search, at most ``MAX_WORDS`` of them."""
    return re.findall(r"\w+", clean_query(query))[:MAX_WORDS]


def library(*, user: User, query: str = "", topic: str = "", audience: str = "") -> list[Article]:
    """The published articles this person may read that have every word of ``query`` (in the
    title, summary, text or tag names) and the topic and audience asked for, by title."""
    articles = _articles().filter(published_at__isnull=False)
    for word in words_of(query):
        articles = articles.filter(search_text__icontains=word)
    if topic in Topic.values:
        articles = articles.filter(topic_tags__topic=topic)
    if audience in Audience.values:
        articles = articles.filter(**{AUDIENCE_FIELDS[audience]: True})
    return _readable(user, articles.order_by("title", "pk"))


def audience_choices(user: User) -> list[tuple[str, str]]:
    """The audiences whose articles this person may read (for the library's filter): the policy
    is asked about a published article written for each audience alone."""
    now = timezone.now()
    return [
        (code, Audience(code).label)
        for code, name in AUDIENCE_FIELDS.items()
        if can(user, Action.READ_RESOURCES, record=Article(**{name: True}, published_at=now))
    ]


def reading_for(user: User, *, limit: int = READING_FOR_YOU) -> list[Article]:
    """The newest published articles this person may read, for their start page."""
    articles = _articles().filter(published_at__isnull=False).order_by("-published_at", "-pk")
    return _readable(user, articles)[:limit]


def get_article(*, user: User, slug: str, request: HttpRequest | None = None) -> Article:
    """One article to read; one this person may not read is a 404, as if it did not exist."""
    article = _articles().select_related("updated_by").filter(slug=slug).first()
    if article is None or not can(user, Action.READ_RESOURCES, record=article):
        raise not_found(
            user,
            Action.READ_RESOURCES,
            object_type="resources.article",
            object_id=article.pk if article is not None else slug[:64],
            request=request,
        )
    return article


def require_editor(user: User, request: HttpRequest | None) -> None:
    if not can(user, Action.EDIT_RESOURCES):
        raise deny(user, Action.EDIT_RESOURCES, request=request)


def articles_to_manage(*, user: User, request: HttpRequest | None = None) -> list[Article]:
    """Every article, drafts first, for the library's editors."""
    require_editor(user, request)
    return list(
        _articles()
        .select_related("updated_by")
        .order_by(F("published_at").asc(nulls_first=True), "title", "pk")
    )


def get_article_to_edit(*, user: User, pk: int, request: HttpRequest | None = None) -> Article:
    require_editor(user, request)
    article = _articles().filter(pk=pk).first()
    if article is None:
        raise not_found(
            user,
            Action.EDIT_RESOURCES,
            object_type="resources.article",
            object_id=pk,
            request=request,
        )
    return article
