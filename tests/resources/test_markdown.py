"""Articles' markdown becomes HTML a reader can trust: whatever an editor types (or pastes), the
page gets no script, no event handler, no javascript: link, no style and no image."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.resources.markdown import ALLOWED_TAGS, URL_SCHEMES, to_html

# Pieces an attacker would combine: markdown syntax, raw HTML, URL tricks.
PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
    "<svg onload=alert(1)>", "<iframe src=//evil>", "<style>*{}</style>", "<div style='x'>",
    "[link](javascript:alert(1))", "[link](JaVaScRiPt:alert(1))", "[l](java\tscript:x)",
    "[l](&#106;avascript:x)", "[l](data:text/html;base64,PHNjcmlwdD4=)", "[l](vbscript:x)",
    "![img](https://evil.example/p.png)", "<https://ok.example>", "[ok](https://ok.example)",
    "[t](https://x.example \"onmouseover=alert(1)\")", "**", "_", "`", "```\n", "> ", "- ",
    "1. ", "# ", "## ", "\n\n", "<", ">", "\"", "'", "=", " on", "click=", "&", "&lt;",
    "<p onclick=x>", "<a href=\"#\" onfocus=x autofocus>", "[x]: javascript:alert(1)\n[x]",
    "<!-- c -->", "<![CDATA[x]]>", "</p><script>", "\\<script>",
]  # fmt: skip

markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=25).map(
    "".join
)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)


def _parsed(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser


@settings(max_examples=400, deadline=None)
@given(markdown_text)
def test_no_markdown_input_yields_script_handlers_or_dangerous_links(text: str) -> None:
    html = to_html(text)
    parsed = _parsed(html)
    assert set(parsed.tags) <= ALLOWED_TAGS
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    for name, value in parsed.attrs:
        assert not name.startswith("on"), (name, html)
        assert name in {"href", "title", "class", "rel"}, (name, html)
        if name == "href":
            # As a browser reads a URL: tabs and newlines anywhere are dropped, and leading
            # spaces and control characters (the parser has already decoded entities).
            url = re.sub(r"^[\x00-\x20]+", "", re.sub(r"[\t\n\r]", "", value))
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
            assert scheme is None or scheme.group(1).lower() in URL_SCHEMES, (value, html)


def test_headings_start_below_the_pages_title_and_get_govuk_classes() -> None:
    html = to_html(
        "# One\n\n## Two\n\n### Three\n\n##### Five\n\nText with a [link](https://a.example)."
    )
    assert '<h2 class="govuk-heading-m">One</h2>' in html
    assert '<h2 class="govuk-heading-m">Two</h2>' in html
    assert '<h3 class="govuk-heading-s">Three</h3>' in html
    assert '<h4 class="govuk-heading-s">Five</h4>' in html
    assert "<h1" not in html
    assert 'class="govuk-body"' in html
    assert 'href="https://a.example"' in html
    assert 'rel="noopener noreferrer"' in html


def test_raw_html_is_shown_as_text_and_images_never_load() -> None:
    html = to_html('<b onclick="x">bold</b> ![a picture](https://tracker.example/p.png)')
    assert "&lt;b onclick" in html  # written out, not made into a tag
    assert "<img" not in html
