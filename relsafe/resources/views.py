"""The resources library's pages. Thin: parse input, call one selector or service, render.

Everyone signed in reads the library (the policy decides which articles: ``READ_RESOURCES``);
writing, previewing and publishing are for its editors (``EDIT_RESOURCES``), whose roles are the
door's guard here and whom the selectors and services ask the policy about again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import RULES, Action, can
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.core.concurrency import EditConflict
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.core.search import MAX_QUERY_LENGTH
from relsafe.resources import markdown, selectors, services
from relsafe.resources.forms import ArticleForm
from relsafe.resources.models import Article, Topic

EDITORS = RULES[Action.EDIT_RESOURCES].roles
FORM_TEMPLATE = "resources/article_form.html"


@login_required
@require_safe
def library(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    topic = request.GET.get("topic", "")
    audience = request.GET.get("audience", "")
    audiences = selectors.audience_choices(request.user)
    if len(audiences) < 2:
        audience = ""
    articles = selectors.library(user=request.user, query=query, topic=topic, audience=audience)
    return render(
        request,
        "resources/library.html",
        {
            "articles": articles,
            "query": query,
            "topic": topic if topic in Topic.values else "",
            "topics": Topic.choices,
            "audience": audience,
            "audiences": audiences if len(audiences) > 1 else [],
            "searched": bool(query.strip() or topic or audience),
            "may_edit": can(request.user, Action.EDIT_RESOURCES),
        },
    )


@login_required
@require_safe
def article(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    found = selectors.get_article(user=request.user, slug=slug, request=request)
    return render(
        request,
        "resources/article.html",
        {
            "article": found,
            "body_html": markdown.render(found.body),
            "may_edit": can(request.user, Action.EDIT_RESOURCES),
        },
    )


@login_required
@role_required(EDITORS)
@require_safe
def manage(request: AuthenticatedRequest) -> HttpResponse:
    articles = selectors.articles_to_manage(user=request.user, request=request)
    return render(request, "resources/manage.html", {"articles": articles})


def _preview(
    request: AuthenticatedRequest, form: ArticleForm, context: dict[str, Any]
) -> HttpResponse:
    """The form again with the article as it would read, saving nothing."""
    form.is_valid()
    preview = markdown.render(form.data.get("body", ""))
    return render(request, FORM_TEMPLATE, {**context, "form": form, "preview": preview})


@login_required
@role_required(EDITORS)
def article_create(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_editor(request.user, request)
    context: dict[str, Any] = {"article": None}
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, ArticleForm(request.POST), context)

    def save(form: ArticleForm) -> Article:
        return services.create_article(actor=request.user, values=form.values(), request=request)

    return EditPage(
        template=FORM_TEMPLATE,
        form=lambda data, _: ArticleForm(data),
        save=save,
        success_url=lambda saved: reverse("resources:article-edit", args=[saved.pk]),
        success_message="Draft saved: preview it, then publish it when it is ready",
        context=context,
    ).respond(request)


@login_required
@role_required(EDITORS)
def article_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = selectors.get_article_to_edit(user=request.user, pk=pk, request=request)
    context: dict[str, Any] = {"article": current}
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, ArticleForm(request.POST, article=current), context)

    def save(form: ArticleForm) -> Article:
        return services.update_article(
            actor=request.user,
            article=current,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template=FORM_TEMPLATE,
        form=lambda data, saved: ArticleForm(data, article=saved, version=saved.version),
        record=current,
        save=save,
        success_url=reverse("resources:article-edit", args=[pk]),
        success_message=lambda saved: (
            "Article updated: readers see the change now"
            if saved.is_published
            else "Draft saved: preview it, then publish it when it is ready"
        ),
        context=context,
        conflict=ConflictPage(title="Change an article", keep_url=reverse("resources:manage")),
    ).respond(request)


def _change_publication(request: AuthenticatedRequest, pk: int, *, publish: bool) -> HttpResponse:
    current = selectors.get_article_to_edit(user=request.user, pk=pk, request=request)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    change = services.publish_article if publish else services.unpublish_article
    try:
        saved = change(
            actor=request.user, article=current, expected_version=version, request=request
        )
    except EditConflict:
        messages.warning(
            request,
            "Someone changed this article after you opened it. Check it, then try again.",
        )
        return redirect("resources:article-edit", pk=pk)
    if publish:
        messages.success(request, f"Published: “{saved.title}” is in the library now")
    else:
        messages.success(request, f"Unpublished: “{saved.title}” is a draft again")
    return redirect("resources:manage")


@login_required
@role_required(EDITORS)
@require_POST
def article_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _change_publication(request, pk, publish=True)


@login_required
@role_required(EDITORS)
@require_POST
def article_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _change_publication(request, pk, publish=False)
