"""The resources library's rows: everyone signed in reads the library (a parent or young person
only the articles written for them), team managers write and publish it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

ARTICLE_DATA = {
    "title": "Matrix article",
    "summary": "A summary.",
    "body": "Some words.",
    "audiences": "parent",
    "topics": "court",
}


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        FORBIDDEN,
        MANAGERS,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Row,
        each,
        outcomes,
        redirect,
    )

    def editors(expect: Any) -> dict[str, Any]:
        return outcomes(FORBIDDEN, each(expect, *MANAGERS))

    return {
        "resources:library": Row(get=outcomes(OK), post=outcomes(NOT_ALLOWED)),
        # Written for parents and practitioners: the young person is told it does not exist.
        "resources:article": Row(
            kwargs={"slug": "resources_article_slug"},
            get=outcomes(OK, young_person=NOT_FOUND),
            post=outcomes(NOT_ALLOWED),
        ),
        "resources:manage": Row(get=editors(OK), post=editors(NOT_ALLOWED)),
        "resources:article-create": Row(
            get=editors(OK),
            post=editors(redirect("/resources/manage/")),
            data=ARTICLE_DATA,
        ),
        "resources:article-edit": Row(
            kwargs={"pk": "resources_article"},
            get=editors(OK),
            post=editors(redirect("/resources/manage/{resources_article}/")),
            data={**ARTICLE_DATA, "version": "1"},
        ),
        "resources:article-publish": Row(
            kwargs={"pk": "resources_draft"},
            get=editors(NOT_ALLOWED),
            post=editors(redirect("/resources/manage/")),
            data={"version": "1"},
        ),
        "resources:article-unpublish": Row(
            kwargs={"pk": "resources_article"},
            get=editors(NOT_ALLOWED),
            post=editors(redirect("/resources/manage/")),
            data={"version": "1"},
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from tests.resources.factories import ArticleFactory

    editor = people["manager_same_team"]
    article: Any = ArticleFactory(created_by=editor)
    draft: Any = ArticleFactory(created_by=editor, published_at=None)
    return {
        "resources_article": article,
        # The article's page is addressed by its slug; the matrix fills kwargs from ``.pk``.
        "resources_article_slug": SimpleNamespace(pk=article.slug),
        "resources_draft": draft,
    }
