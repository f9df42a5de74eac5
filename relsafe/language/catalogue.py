"""Every rule as the "Check your wording" page lists it: what it flags, what it suggests, why, and
its sources, grouped by category."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from relsafe.language.checker import check
from relsafe.language.rules import RULES, Category, Rule


@dataclass(frozen=True)
class CatalogueEntry:
    rule_id: str
    example: str
    flagged: str
    suggestion: str
    replaceable: bool
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueGroup:
    category: str
    label: str
    entries: tuple[CatalogueEntry, ...]


def _entry(rule: Rule) -> CatalogueEntry:
    example = rule.examples[0]
    age = 15 if rule.only_under_age else None
    finding = next((f for f in check(example, child_age=age) if f.rule_id == rule.id), None)
    return CatalogueEntry(
        rule_id=rule.id,
        example=example,
        flagged=finding.text if finding else example,
        suggestion=finding.suggestion if finding else rule.suggestion_text,
        replaceable=finding.replaceable if finding else rule.replaceable,
        reason=rule.reason,
        sources=rule.source_names,
    )


@lru_cache(maxsize=1)
def catalogue() -> tuple[CatalogueGroup, ...]:
    """The rules by category, in the order of the table in ``rules.py``."""
    groups = []
    for category in Category:
        entries = tuple(_entry(rule) for rule in RULES if rule.category == category)
        if entries:
            groups.append(CatalogueGroup(str(category), category.label, entries))
    return tuple(groups)
