"""Writing the library: drafts, edits with optimistic locking, publishing, each audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from relsafe.resources import services
from relsafe.resources.models import Article, Audience, Topic
from relsafe.resources.services import ArticleValues
from tests.factories import UserFactory
from tests.resources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _values(**overrides: Any) -> ArticleValues:
    values = ArticleValues(
        title="Keeping a log",
        summary="How to write down what you see.",
        body="## What to write\n\nWhen, what, where.",
        audiences=[Audience.PARENT],
        topics=[Topic.KEEPING_A_LOG, Topic.POLICE],
    )
    values.update(overrides)  # type: ignore[typeddict-item]
    return values


@pytest.fixture
def editor() -> Any:
    return UserFactory.create(role=Role.TEAM_MANAGER)


def test_a_new_article_is_a_draft_with_its_tags_slug_and_audit_entry(editor: Any) -> None:
    article = services.create_article(actor=editor, values=_values())
    assert not article.is_published
    assert article.slug == "keeping-a-log"
    assert article.audiences == [Audience.PARENT]
    assert article.topics == [Topic.POLICE, Topic.KEEPING_A_LOG]
    assert "Keeping a log" in article.search_text
    assert "Reporting to the police" in article.search_text
    entry = AuditEvent.objects.filter(object_type="resources.article").get()
    assert (entry.action, entry.actor_id, entry.object_id) == (
        AuditAction.CREATE,
        editor.pk,
        str(article.pk),
    )


def test_the_same_title_twice_gets_its_own_link(editor: Any) -> None:
    first = services.create_article(actor=editor, values=_values())
    second = services.create_article(actor=editor, values=_values())
    assert (first.slug, second.slug) == ("keeping-a-log", "keeping-a-log-2")


def test_every_missing_part_is_named_and_nothing_is_saved(editor: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.create_article(
            actor=editor,
            values=_values(title=" ", summary="", body="", audiences=["nobody"], topics=[]),
        )
    assert set(raised.value.message_dict) == {"title", "summary", "body", "audiences", "topics"}
    assert not Article.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_text_over_its_limit_is_refused(editor: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.create_article(actor=editor, values=_values(body="x" * 20_001))
    assert "body" in raised.value.message_dict
    assert not Article.objects.exists()


def test_an_edit_changes_words_and_tags_and_keeps_the_link(editor: Any) -> None:
    article = services.create_article(actor=editor, values=_values())
    other = UserFactory.create(role=Role.TEAM_MANAGER)
    changed = services.update_article(
        actor=other,
        article=article,
        expected_version=article.version,
        values=_values(
            title="Keeping a diary",
            topics=[Topic.KEEPING_A_LOG],
            audiences=[Audience.PARENT, Audience.PRACTITIONER],
        ),
    )
    changed.refresh_from_db()
    assert changed.slug == "keeping-a-log"
    assert (changed.title, changed.version, changed.updated_by) == ("Keeping a diary", 2, other)
    assert changed.topics == [Topic.KEEPING_A_LOG]
    assert changed.audiences == [Audience.PARENT, Audience.PRACTITIONER]
    assert "Reporting to the police" not in changed.search_text


def test_an_edit_from_an_old_version_is_a_conflict_and_overwrites_nothing(editor: Any) -> None:
    article = services.create_article(actor=editor, values=_values())
    services.update_article(
        actor=editor, article=article, expected_version=1, values=_values(title="First change")
    )
    stale: Any = Article.objects.get(pk=article.pk)
    stale.version = 1
    with pytest.raises(EditConflict) as raised:
        services.update_article(
            actor=editor, article=stale, expected_version=1, values=_values(title="Second change")
        )
    assert raised.value.current.title == "First change"
    assert Article.objects.get(pk=article.pk).title == "First change"


def test_publishing_and_unpublishing_are_audited(editor: Any) -> None:
    article = services.create_article(actor=editor, values=_values())
    published = services.publish_article(actor=editor, article=article, expected_version=1)
    assert published.is_published
    assert published.version == 2
    draft = services.unpublish_article(actor=editor, article=published, expected_version=2)
    assert not draft.is_published
    details = list(
        AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="resources.article")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [{"version": 2, "published": True}, {"version": 3, "published": False}]


def test_publishing_what_someone_changed_since_is_a_conflict(editor: Any) -> None:
    article: Any = ArticleFactory(published_at=None)
    with pytest.raises(EditConflict):
        services.publish_article(actor=editor, article=article, expected_version=7)
    assert not Article.objects.get(pk=article.pk).is_published
