"""Only team managers write the library: every service refuses anyone else by itself, with one
``access_denied`` entry and nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.accounts.roles import Role
from relsafe.resources import services
from relsafe.resources.models import Article, Audience, Topic
from relsafe.resources.services import ArticleValues
from tests.factories import FamilyMemberFactory, UserFactory
from tests.refusals import refused
from tests.resources.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOT_EDITORS = [
    Role.PARENT_SUPPORT_WORKER,
    Role.SOCIAL_WORKER,
    Role.POLICE_ANALYST,
    Role.COMMISSIONER,
    Role.ADMINISTRATOR,
    Role.PARENT,
    Role.YOUNG_PERSON,
]
VALUES = ArticleValues(
    title="A title",
    summary="A summary",
    body="Words",
    audiences=[Audience.PARENT],
    topics=[Topic.COURT],
)


def _person(role: str) -> Any:
    if role in (Role.PARENT, Role.YOUNG_PERSON):
        return FamilyMemberFactory.create(role=role)
    return UserFactory.create(role=role)


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_writing_an_article(role: str) -> None:
    actor = _person(role)
    with refused(actor, "edit_resources"):
        services.create_article(actor=actor, values=VALUES)
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_changing_publishing_or_unpublishing_an_article(role: str) -> None:
    actor = _person(role)
    article: Any = ArticleFactory(published_at=None)
    with refused(actor, "edit_resources"):
        services.update_article(actor=actor, article=article, expected_version=1, values=VALUES)
    with refused(actor, "edit_resources"):
        services.publish_article(actor=actor, article=article, expected_version=1)
    with refused(actor, "edit_resources"):
        services.unpublish_article(actor=actor, article=article, expected_version=1)
    article.refresh_from_db()
    assert (article.version, article.is_published) == (1, False)
