"""Who reads what: a parent or young person only the published articles written for them, staff
every published article, editors their drafts too; searching and filtering narrow that."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.resources import selectors
from relsafe.resources.models import Audience, Topic
from tests.factories import FamilyMemberFactory, UserFactory
from tests.resources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf() -> dict[str, Any]:
    return {
        "parents": ArticleFactory(
            title="Keeping a log", topics=[Topic.KEEPING_A_LOG], for_practitioners=False
        ),
        "young": ArticleFactory(
            title="Being a witness",
            for_parents=False,
            for_young_people=True,
            for_practitioners=False,
        ),
        "practice": ArticleFactory(
            title="Parents as partners", for_parents=False, topics=[Topic.PRACTICE]
        ),
        "draft": ArticleFactory(title="Unfinished", published_at=None, for_young_people=True),
    }


def _titles(articles: list[Any]) -> list[str]:
    return [a.title for a in articles]


def test_each_reader_sees_the_published_articles_for_them(shelf: dict[str, Any]) -> None:
    parent = FamilyMemberFactory.create()
    young = FamilyMemberFactory.create(role=Role.YOUNG_PERSON)
    worker = UserFactory.create()
    editor = UserFactory.create(role=Role.TEAM_MANAGER)
    assert _titles(selectors.library(user=parent)) == ["Keeping a log"]
    assert _titles(selectors.library(user=young)) == ["Being a witness"]
    everything = ["Being a witness", "Keeping a log", "Parents as partners"]
    assert _titles(selectors.library(user=worker)) == everything
    # The library lists what is published, for editors too; drafts are on their manage page.
    assert _titles(selectors.library(user=editor)) == everything
    assert "Unfinished" in _titles(selectors.articles_to_manage(user=editor))


def test_search_needs_every_word_and_filters_narrow(shelf: dict[str, Any]) -> None:
    worker = UserFactory.create()
    assert _titles(selectors.library(user=worker, query="live LINK")) == _titles(
        selectors.library(user=worker)
    )  # every factory article mentions a live link
    assert _titles(selectors.library(user=worker, query="log keeping")) == ["Keeping a log"]
    assert _titles(selectors.library(user=worker, query="log wigs")) == []
    assert _titles(selectors.library(user=worker, topic=Topic.PRACTICE)) == ["Parents as partners"]
    assert _titles(selectors.library(user=worker, audience=Audience.YOUNG_PERSON)) == [
        "Being a witness"
    ]
    # Tag names are searchable too.
    assert _titles(selectors.library(user=worker, query="practice with families")) == [
        "Parents as partners"
    ]


def test_a_family_member_cannot_widen_their_audience(shelf: dict[str, Any]) -> None:
    parent = FamilyMemberFactory.create()
    assert selectors.audience_choices(parent) == [(Audience.PARENT, "Parents and carers")]
    assert selectors.library(user=parent, audience=Audience.PRACTITIONER) == []
    assert len(selectors.audience_choices(UserFactory.create())) == 3


def test_an_article_not_for_the_reader_is_not_found_and_the_refusal_audited(
    shelf: dict[str, Any],
) -> None:
    young = FamilyMemberFactory.create(role=Role.YOUNG_PERSON)
    for key in ("parents", "draft"):
        with pytest.raises(Http404):
            selectors.get_article(user=young, slug=shelf[key].slug)
    with pytest.raises(Http404):
        selectors.get_article(user=young, slug="no-such-article")
    refusals = AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=young.pk)
    assert refusals.count() == 3
    assert selectors.get_article(user=young, slug=shelf["young"].slug) == shelf["young"]
    editor = UserFactory.create(role=Role.TEAM_MANAGER)
    assert selectors.get_article(user=editor, slug=shelf["draft"].slug) == shelf["draft"]


def test_reading_for_you_is_the_newest_few(shelf: dict[str, Any]) -> None:
    parent = FamilyMemberFactory.create()
    for n in range(5):
        ArticleFactory(title=f"Extra {n}", for_practitioners=False)
    titles = _titles(selectors.reading_for(parent))
    assert titles == ["Extra 4", "Extra 3", "Extra 2", "Extra 1"]
