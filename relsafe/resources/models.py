"""The resources library: articles for parents and carers, young people and practitioners.

An article is written in markdown by a team manager and read as sanitised HTML
(``resources.markdown``). It is tagged by audience (who it is written for: a parent or young
person sees only articles written for them) and by topic, and is either a draft (only editors see
it) or published. Articles are not case data: they belong to no family and hold nobody's details.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from relsafe.core.text_limits import LONG_TEXT, MaxCharacters


class Audience(models.TextChoices):
    """Who an article is written for. The family audiences' codes are the family roles' names
    (``accounts.roles.Role``), which is how ``access.policy`` matches a reader to them."""

    PARENT = "parent", "Parents and carers"
    YOUNG_PERSON = "young_person", "Young people"
    PRACTITIONER = "practitioner", "Practitioners"


class Topic(models.TextChoices):
    GROOMING = "grooming", "Grooming and its signs"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Criminal exploitation and county lines"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"
    ONLINE = "online", "Staying safe online"
    MISSING = "missing", "When a child goes missing"
    COURT = "court", "Court and special measures"
    POLICE = "police", "Reporting to the police"
    WELLBEING = "wellbeing", "Looking after yourself"
    KEEPING_A_LOG = "keeping_a_log", "Keeping a log"
    PRACTICE = "practice", "Practice with families"


# Each audience and the boolean column that holds it.
AUDIENCE_FIELDS: dict[str, str] = {
    Audience.PARENT: "for_parents",
    Audience.YOUNG_PERSON: "for_young_people",
    Audience.PRACTITIONER: "for_practitioners",
}


class Article(models.Model):
    title = models.CharField("Title", max_length=120)
    # Made from the title when the article is first saved and never changed, so links to it last.
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    summary = models.CharField(
        "Summary",
        max_length=300,
        help_text="One or two sentences, shown in the list and in search results.",
    )
    body = models.TextField("Article", validators=[MaxCharacters(LONG_TEXT)])
    for_parents = models.BooleanField(default=False)
    for_young_people = models.BooleanField(default=False)
    for_practitioners = models.BooleanField(default=False)
    # None while a draft: only editors see it.
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Plain words for the library's search, filled by the services (title, summary, body, tags).
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on save.")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_parents=True)
                | Q(for_young_people=True)
                | Q(for_practitioners=True),
                name="resources_article_has_an_audience",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def audiences(self) -> list[str]:
        """The audience codes this article is written for, in the order of ``Audience``."""
        return [code for code, name in AUDIENCE_FIELDS.items() if getattr(self, name)]

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(code).label for code in self.audiences]

    @property
    def topics(self) -> list[str]:
        """Topic codes, in the order of ``Topic`` (reads prefetched ``topic_tags``)."""
        tagged = {tag.topic for tag in self.topic_tags.all()}
        return [code for code in Topic.values if code in tagged]

    @property
    def topic_labels(self) -> list[str]:
        return [Topic(code).label for code in self.topics]


class ArticleTopic(models.Model):
    """One topic an article is tagged with."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_tags")
    topic = models.CharField(max_length=40, choices=Topic.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="resources_topic_once")
        ]
        indexes = [models.Index(fields=["topic"])]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.topic}"
