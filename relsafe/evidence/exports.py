"""The log as police and court receive it: a signed PDF (WeasyPrint, then pyHanko) and a CSV
(``core.exports``, spreadsheet-safe). Both carry the statement of truth as confirmed, each entry's
hash and the chain head of the whole log, so an entry can be checked against the log later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from relsafe.core.contact_details import display_phone
from relsafe.core.exports import csv_download
from relsafe.evidence import signing
from relsafe.evidence.selectors import ExportContent
from relsafe.evidence.services import writes_as_worker

PARENT_STATEMENT = "I believe that the facts stated in this log are true."
WORKER_STATEMENT = (
    "I confirm that this is a true copy of the family's evidence log as it is held in relsafe."
)


WORKER_NOTE = " (worker, on the family's behalf)"


def statement_for(user: Any) -> str:
    return WORKER_STATEMENT if writes_as_worker(user) else PARENT_STATEMENT


def range_label(content: ExportContent) -> str:
    if not content.date_from and not content.date_to:
        return "the whole log"
    start = content.date_from.isoformat() if content.date_from else "the start"
    end = content.date_to.isoformat() if content.date_to else "today"
    return f"entries that happened from {start} to {end}"


def entries_label(content: ExportContent) -> str:
    if not content.entries:
        return "no entries"
    return (
        f"{len(content.entries)} entries (entry {content.first_sequence} "
        f"to entry {content.last_sequence})"
    )


def _file_stem(content: ExportContent) -> str:
    return f"evidence-log-{content.family.reference}-{timezone.localdate():%Y%m%d}"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Built from our own template only: nothing is fetched from anywhere."""
    raise ValueError(f"Refusing to fetch {url[:60]} while building a PDF")


def pdf_bytes(*, content: ExportContent, exported_by: Any) -> bytes:
    """The signed PDF."""
    from weasyprint import HTML

    document = render_to_string(
        "evidence/export_pdf.html",
        {
            "content": content,
            "exported_by": exported_by,
            "statement": statement_for(exported_by),
            "range_label": range_label(content),
            "entries_label": entries_label(content),
        },
    )
    unsigned = HTML(string=document, url_fetcher=_no_fetch).write_pdf(custom_metadata=True)
    return signing.sign_pdf(unsigned)


def pdf_response(*, content: ExportContent, exported_by: Any) -> HttpResponse:
    response = HttpResponse(
        pdf_bytes(content=content, exported_by=exported_by), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(content)}.pdf"'
    return response


HEADER = [
    "Entry",
    "Date it happened",
    "Time it happened",
    "What was seen or heard",
    "Where",
    "Postcode",
    "People",
    "Vehicles",
    "Phone numbers",
    "Social media",
    "Photos (SHA-256)",
    "Corrects entry",
    "Recorded at (UTC)",
    "Recorded by",
    "Entry hash",
    "Previous hash",
]


def _rows(content: ExportContent, exported_by: Any) -> Iterator[list[object]]:
    for entry in content.entries:
        yield [
            entry.sequence,
            entry.occurred_on.isoformat(),
            entry.occurred_time.strftime("%H:%M") if entry.occurred_time else "",
            entry.what_happened,
            entry.place,
            entry.postcode,
            "; ".join(
                ", ".join(
                    part
                    for part in (
                        p.name,
                        f'known as "{p.nickname}"' if p.nickname else "",
                        p.description,
                        f"about {p.approximate_age}" if p.approximate_age else "",
                    )
                    if part
                )
                for p in entry.people.all()
            ),
            "; ".join(
                " ".join(part for part in (v.colour, v.make, v.plate_as_typed or v.plate) if part)
                for v in entry.vehicles.all()
            ),
            "; ".join(
                f"{display_phone(p.number)} (typed as {p.number_as_typed})"
                for p in entry.phones.all()
            ),
            "; ".join(h.handle for h in entry.handles.all()),
            "; ".join(p.sha256 for p in entry.photos.all()),
            entry.corrects.sequence if entry.corrects_id and entry.corrects else "",
            entry.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            entry.author_name + (WORKER_NOTE if entry.by_worker else ""),
            entry.entry_hash,
            entry.prev_hash,
        ]
    yield []
    yield ["Family log", content.family.reference]
    yield ["Covers", range_label(content)]
    yield ["Chain head (newest entry's hash in the whole log)", content.chain_head]
    yield [
        "Statement of truth",
        statement_for(exported_by),
        f"Confirmed by {exported_by.full_name}",
        content.exported_at.isoformat(timespec="seconds"),
    ]


def csv_response(*, content: ExportContent, exported_by: Any) -> HttpResponse:
    return csv_download(
        filename=f"{_file_stem(content)}.csv",
        header=HEADER,
        rows=_rows(content, exported_by),
    )
