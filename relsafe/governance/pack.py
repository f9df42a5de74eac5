"""The disclosure pack: a PDF of every passage with the redacted words cut out of the text before
rendering (a black box with nothing under it), and a schedule of the exemptions used."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from relsafe.governance.models import Exemption, SubjectAccessRequest
from relsafe.governance.redaction import segments


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Built from our own template only: nothing is fetched."""
    raise ValueError("The disclosure pack fetches nothing")


def pack_context(sar: SubjectAccessRequest) -> dict[str, Any]:
    passages = []
    used: Counter[str] = Counter()
    for passage in sar.passages.prefetch_related("redactions"):
        redactions = list(passage.redactions.all())
        used.update(r.exemption for r in redactions)
        lines = [segments(line, [r.words for r in redactions]) for line in passage.text.split("\n")]
        passages.append({"source": passage.source, "lines": lines})
    schedule = [
        {"label": Exemption(code).label, "count": count} for code, count in sorted(used.items())
    ]
    return {"sar": sar, "passages": passages, "schedule": schedule, "now": timezone.now()}


def render_pack(sar: SubjectAccessRequest) -> bytes:
    from weasyprint import HTML

    document = render_to_string("governance/pack_pdf.html", pack_context(sar))
    return bytes(HTML(string=document, url_fetcher=_no_fetch).write_pdf())
