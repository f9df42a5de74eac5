"""What leaves relsafe from the police side: one submission (PDF, CSV, JSON), the MACE pack and
the i2-style entity and link tables. Everything here is drawn from police copies and the
network (pseudonyms only); the views audit each export before it is built."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from relsafe.intelligence.models import Submission
from relsafe.intelligence.network import Network
from relsafe.intelligence.selectors import Seen


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """PDFs are built from our own templates only: nothing is fetched from anywhere."""
    raise ValueError(f"Refusing to fetch {url[:60]} while building a PDF")


def pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())


def _seen(seen: dict[int, Seen], entity: int | None) -> int:
    item = seen.get(entity or 0)
    return item.other_cases if item else 0


def submission_json(submission: Submission, seen: dict[int, Seen]) -> dict[str, Any]:
    """The police copy as sent, the force's status, and "also reported in" per entity."""
    return {
        "police_copy": submission.police_copy,
        "status": submission.get_status_display(),
        "acknowledged_at": submission.acknowledged_at.isoformat()
        if submission.acknowledged_at
        else None,
        "also_reported_in_other_cases": {str(k): v.other_cases for k, v in seen.items()},
    }


def _identifier_rows(
    base: list[object], holder: dict[str, Any], seen: dict[int, Seen]
) -> list[list[object]]:
    """Phones, vehicles and handles of a person (or of nobody) as rows."""
    rows: list[list[object]] = [
        [*base, "Phone", p["number"], "", _seen(seen, p.get("entity"))]
        for p in holder.get("phones", [])
    ]
    rows += [
        [
            *base,
            "Vehicle",
            v["plate"],
            f"{v['colour']} {v['make']}".strip(),
            _seen(seen, v.get("entity")),
        ]
        for v in holder.get("vehicles", [])
    ]
    rows += [
        [*base, "Handle", h["handle"], "", _seen(seen, h.get("entity"))]
        for h in holder.get("handles", [])
    ]
    return rows


def _person_row(base: list[object], person: dict[str, Any], seen: dict[int, Seen]) -> list[object]:
    details = (person.get("age_estimate"), person.get("gender"), person.get("description"))
    return [
        *base,
        "Person of concern",
        " / ".join(p for p in (person.get("nickname"), person.get("name")) if p),
        "; ".join(p for p in details if p),
        _seen(seen, person.get("entity")),
    ]


def submission_rows(
    submission: Submission, seen: dict[int, Seen]
) -> tuple[list[str], Iterable[list[object]]]:
    """One row per thing reported, with the submission's grading on every row."""
    copy = submission.police_copy
    grading = copy.get("grading", {}).get("code", "")
    base = [
        copy.get("reference", ""),
        copy.get("occurred_on", ""),
        copy.get("offence", ""),
        grading,
    ]
    rows: list[list[object]] = []
    for person in copy.get("people", []):
        rows.append(_person_row(base, person, seen))
        rows += _identifier_rows(base, person, seen)
    rows += _identifier_rows(base, copy, seen)
    rows += [
        [*base, "Place", place["place"], place.get("postcode", ""), ""]
        for place in copy.get("places", [])
    ]
    rows += [[*base, "Time", when, "", ""] for when in copy.get("times", [])]
    rows += [[*base, "Child (pseudonymised)", c, "", ""] for c in copy.get("children", [])]
    rows.append([*base, "What was seen or heard", copy.get("what_happened", ""), "", ""])
    header = [
        "Reference",
        "Date",
        "Kind of harm",
        "Grading",
        "Type",
        "Value",
        "Details",
        "Also reported in other cases",
    ]
    return header, rows


def entity_rows(network: Network) -> tuple[list[str], Iterable[list[object]]]:
    """Entities as i2 Analyst's Notebook imports them: an identity, a type, a label and
    attributes, one row each."""
    header = ["Entity ID", "Entity type", "Label", "Reports", "First reported", "Last reported"]
    dates = {s.pk: s.occurred_on for s in network.submissions}
    rows = []
    for node in sorted(network.nodes.values(), key=lambda n: (n.kind, n.label)):
        days = sorted(dates[r] for r in node.reports if r in dates)
        rows.append(
            [
                node.id,
                node.kind_label,
                node.label,
                len(node.reports),
                days[0].isoformat() if days else "",
                days[-1].isoformat() if days else "",
            ]
        )
    return header, rows


def link_rows(network: Network) -> tuple[list[str], Iterable[list[object]]]:
    """Links between entities (by the ids in the entity table), with how many reports make them."""
    header = ["From entity ID", "To entity ID", "Link type", "Reports"]
    rows = [
        [a.id, b.id, f"{a.kind_label} to {b.kind_label}", count] for a, b, count in network.links()
    ]
    return header, rows
