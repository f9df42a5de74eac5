"""The library's pages: reading and searching by audience, the editor's write, preview, conflict,
publish and unpublish, and "Reading for you" on a family member's start page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.resources.models import Article, Topic
from tests.factories import FamilyMemberFactory, UserFactory
from tests.resources.factories import ArticleFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]

DATA = {
    "title": "Notes on what you see",
    "summary": "How to write down what you see.",
    "body": "## What to write\n\nWhen, what, where. <script>alert(1)</script>",
    "audiences": ["parent"],
    "topics": ["keeping_a_log", "police"],
}


@pytest.fixture
def editor() -> Any:
    return UserFactory.create(role=Role.TEAM_MANAGER)


def test_a_parent_reads_and_searches_only_what_is_written_for_them(signed_in: SignedIn) -> None:
    ArticleFactory(title="Your own diary", topics=[Topic.KEEPING_A_LOG])
    ArticleFactory(title="Language with care", for_parents=False)
    client = signed_in(FamilyMemberFactory.create())
    page = client.get(reverse("resources:library")).content.decode()
    assert "Your own diary" in page
    assert "Language with care" not in page
    assert 'id="audience"' not in page  # one audience: nothing to filter
    found = client.get(reverse("resources:library"), {"q": "log"}).content.decode()
    assert "1 article found" in found
    none = client.get(reverse("resources:library"), {"q": "language"}).content.decode()
    assert "0 articles found" in none
    assert "No article matches" in none


def test_an_article_reads_as_sanitised_govuk_html(signed_in: SignedIn) -> None:
    article: Any = ArticleFactory(
        body="## Help\n\n[Childline](https://www.childline.org.uk) <img src=x onerror=alert(1)>"
    )
    page = (
        signed_in(FamilyMemberFactory.create())
        .get(reverse("resources:article", args=[article.slug]))
        .content.decode()
    )
    assert '<h2 class="govuk-heading-m">Help</h2>' in page
    assert 'href="https://www.childline.org.uk"' in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Change this article" not in page


def test_writing_previewing_and_publishing_an_article(signed_in: SignedIn, editor: Any) -> None:
    client = signed_in(editor)
    new = reverse("resources:article-create")
    preview = client.post(new, {**DATA, "preview": "1"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Preview (not saved)" in text
    assert '<h2 class="govuk-heading-m">What to write</h2>' in text
    assert "&lt;script&gt;" in text
    assert "<script>alert" not in text
    assert not Article.objects.exists()

    saved = client.post(new, DATA)
    article = Article.objects.get()
    assert saved["Location"] == reverse("resources:article-edit", args=[article.pk])
    assert not article.is_published
    # A draft is not in the library, but its editor can see how it will look.
    assert "Notes on what you see" not in client.get(reverse("resources:library")).content.decode()
    draft_page = client.get(reverse("resources:article", args=[article.slug])).content.decode()
    assert "This is a draft" in draft_page

    response = client.post(
        reverse("resources:article-publish", args=[article.pk]), {"version": article.version}
    )
    assert response["Location"] == reverse("resources:manage")
    assert Article.objects.get().is_published
    parent_view = signed_in(FamilyMemberFactory.create()).get(reverse("resources:library"))
    assert "Notes on what you see" in parent_view.content.decode()


def test_the_form_keeps_what_was_typed_and_links_errors_to_fields(
    signed_in: SignedIn, editor: Any
) -> None:
    response = signed_in(editor).post(
        reverse("resources:article-create"), {**DATA, "title": "", "audiences": []}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter a title" in text
    assert "Select who the article is for" in text
    assert "How to write down what you see." in text
    assert not Article.objects.exists()


def test_an_edit_over_a_colleagues_is_a_conflict_page(signed_in: SignedIn, editor: Any) -> None:
    article: Any = ArticleFactory(title="Old title")
    url = reverse("resources:article-edit", args=[article.pk])
    client = signed_in(editor)
    first = client.post(url, {**DATA, "title": "Colleague's title", "version": "1"})
    assert first.status_code == 302
    second = client.post(url, {**DATA, "title": "My title", "version": "1"})
    assert second.status_code == 409
    assert "Someone else saved changes" in second.content.decode()
    assert Article.objects.get().title == "Colleague's title"


def test_publishing_a_changed_article_asks_to_check_it_first(
    signed_in: SignedIn, editor: Any
) -> None:
    article: Any = ArticleFactory(published_at=None)
    client = signed_in(editor)
    response = client.post(reverse("resources:article-publish", args=[article.pk]), {"version": 9})
    assert response["Location"] == reverse("resources:article-edit", args=[article.pk])
    assert not Article.objects.get().is_published
    unpublish = reverse("resources:article-unpublish", args=[article.pk])
    assert client.post(unpublish, {"version": "not a number"}).status_code == 302


def test_reading_for_you_on_the_parents_and_young_peoples_start_pages(
    signed_in: SignedIn,
) -> None:
    ArticleFactory(title="Looking after yourself", for_practitioners=False)
    ArticleFactory(title="Being a witness", for_parents=False, for_young_people=True)
    parent_page = (
        signed_in(FamilyMemberFactory.create()).get(reverse("core:start")).content.decode()
    )
    assert "Reading for you" in parent_page
    assert "Looking after yourself" in parent_page
    assert "Being a witness" not in parent_page
    young = signed_in(FamilyMemberFactory.create(role=Role.YOUNG_PERSON))
    young_page = young.get(reverse("core:start")).content.decode()
    assert "Being a witness" in young_page
    assert "Looking after yourself" not in young_page
    worker_page = signed_in(UserFactory.create()).get(reverse("core:start")).content.decode()
    assert "Reading for you" not in worker_page


def test_the_library_costs_the_same_queries_for_a_few_or_many_articles(
    signed_in: SignedIn, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(UserFactory.create())
    ArticleFactory.create_batch(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("resources:library"))
    ArticleFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("resources:library"))
