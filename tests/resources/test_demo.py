"""The demo library: at least eight published articles in our own words, each naming its sources,
for every audience, and seeding twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from relsafe.language.checker import check
from relsafe.resources.markdown import to_html
from relsafe.resources.models import Article, ArticleTopic, Audience

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_published_for_every_audience_and_idempotent() -> None:
    call_command("seed_demo", stdout=StringIO())
    first = list(Article.objects.values_list("slug", "version", "updated_at"))
    topics = ArticleTopic.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert list(Article.objects.values_list("slug", "version", "updated_at")) == first
    assert ArticleTopic.objects.count() == topics
    articles = list(Article.objects.prefetch_related("topic_tags"))
    assert len(articles) >= 8
    assert all(a.is_published and a.topics and a.search_text for a in articles)
    for audience in Audience.values:
        assert sum(audience in a.audiences for a in articles) >= 3, audience


def test_articles_name_their_sources_and_pass_the_language_check() -> None:
    call_command("seed_demo", stdout=StringIO())
    for article in Article.objects.all():
        html = to_html(article.body)
        assert "<h2" in html, article.slug
        if article.for_parents and not article.for_young_people:
            assert "Where this comes from" in article.body, article.slug
        assert check(article.body) == [], (article.slug, check(article.body))
