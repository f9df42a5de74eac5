"""Articles are written in markdown and read as HTML: markdown-it-py turns the text into HTML
with raw HTML switched off, then nh3 keeps only the tags, attributes and link schemes below and
gives each tag its GOV.UK Frontend class. What an editor types can therefore never add a script,
an event handler, a ``javascript:`` link, a style or an image (an image from another site would
tell that site who is reading, and when: a risk to a family whose exploiter may be watching).

The article's title is the page's ``h1``; headings in the text start at ``h2`` (``#`` and ``##``
both give ``h2``, ``###`` gives ``h3``, deeper ones ``h4``), so a page never has two ``h1``.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

# CommonMark without raw HTML and without images; links are checked by markdown-it (it refuses
# javascript:, vbscript:, file: and data: links) and again by nh3.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable(
    ["image", "html_inline", "html_block"]
)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "hr", "br",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_CLASSES: dict[str, str] = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "pre": "rs-article__pre",
}


def _shift_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:])
            token.tag = f"h{min(max(level, 2), 4)}"


def to_html(text: str) -> str:
    """Markdown to sanitised HTML (a plain string; see :func:`render`)."""
    tokens = _MARKDOWN.parse(text or "")
    _shift_headings(tokens)
    raw = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        set_tag_attribute_values={tag: {"class": css} for tag, css in _CLASSES.items()},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str) -> SafeString:
    """The article's body, safe to put in a template: nh3 has just sanitised it."""
    return mark_safe(to_html(text))  # noqa: S308 - sanitised by nh3 in to_html
