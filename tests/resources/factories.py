"""Articles for the resources library's tests."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.resources.models import Article, ArticleTopic, Topic
from relsafe.resources.services import article_search_text
from tests.factories import UserFactory


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article for parents and practitioners about court, unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Going to court, part {n}")
    slug = factory.Sequence(lambda n: f"going-to-court-{n}")
    summary = "What happens at court and the help a young witness can have."
    body = "## Special measures\n\nA **live link** lets a child give evidence from another room."
    for_parents = True
    for_young_people = False
    for_practitioners = True
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    updated_by = factory.SelfAttribute("created_by")

    @factory.post_generation
    def topics(obj: Article, create: bool, extracted: Any, **kwargs: Any) -> None:
        codes = list(extracted) if extracted is not None else [Topic.COURT]
        if create:
            for code in codes:
                ArticleTopic.objects.create(article=obj, topic=code)
            obj.search_text = article_search_text(obj, codes)
            obj.save(update_fields=["search_text"])
