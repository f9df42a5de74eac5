"""What a share with another organisation covers: named sections of a family's case (issue 14,
item 5, field-level need-to-know).

A police analyst opens a family because it is shared with their force; what they see of it is
what the share names, nothing else. The sections are named here, with the fields each one
covers, so that pages, exports and the API ask one question (``policy.visible_sections``) and
agree. People working with the family (allocated, their manager, break-glass) see every section.
A field or panel that names no section is casework only: deny by default.
"""

from __future__ import annotations

from django.db import models


class Section(models.TextChoices):
    """A part of a family's case that a share may cover. ``CASE`` (the reference, status and the
    team around the family) comes with every share; ``CASEWORK`` is never shared."""

    IDENTITY = "identity", "Identity basics: names, aliases and date of birth"
    ABOUT = "about", "About the child: identity, culture, languages and communication needs"
    STRENGTHS = "strengths", "Strengths and interests"
    EDUCATION = "education", "School or college"
    HEALTH = "health", "Health notes"
    CONCERNS = "concerns", "What we are worried about"
    PEOPLE_OF_CONCERN = "people_of_concern", "Relationship map: people of concern only"
    MISSING_EPISODES = "missing_episodes", "Missing episodes"
    MARKED_RECORDS = "marked_records", "Contacts and chronology events marked for police"
    # Not offered on the share form:
    CASE = "case", "The case: reference, status and the team around the family"
    CASEWORK = "casework", "Everything else: only for those working with the family"


# What the share form offers, in its order.
SHAREABLE: tuple[Section, ...] = (
    Section.IDENTITY,
    Section.ABOUT,
    Section.STRENGTHS,
    Section.EDUCATION,
    Section.HEALTH,
    Section.CONCERNS,
    Section.PEOPLE_OF_CONCERN,
    Section.MISSING_EPISODES,
    Section.MARKED_RECORDS,
)
# What a new share covers unless the worker chooses more: who the child is, and what was marked
# for police one record at a time.
MINIMAL: frozenset[str] = frozenset({Section.IDENTITY, Section.MARKED_RECORDS})
EVERY_SECTION: frozenset[str] = frozenset(Section.values)
NOTHING: frozenset[str] = frozenset()

# A child's profile field by field (``cases.YoungPerson``). Fields not named here (the id, the
# family, the version) carry no case content; any other field is casework only.
YOUNG_PERSON_FIELDS: dict[str, str] = {
    "first_name": Section.IDENTITY,
    "last_name": Section.IDENTITY,
    "preferred_name": Section.IDENTITY,
    "aliases": Section.IDENTITY,
    "date_of_birth": Section.IDENTITY,
    "identity": Section.ABOUT,
    "culture": Section.ABOUT,
    "language": Section.ABOUT,
    "communication_needs": Section.ABOUT,
    "education": Section.EDUCATION,
    "health": Section.HEALTH,
    "concerns": Section.CONCERNS,
}
CONTENT_FREE_FIELDS: frozenset[str] = frozenset({"id", "family", "version"})


def clean_scopes(scopes: object) -> list[str]:
    """The shareable sections named in ``scopes`` (a stored list), in form order; anything else
    (a section since removed, a typo) is dropped rather than trusted."""
    if not isinstance(scopes, list | tuple | set | frozenset):
        return []
    wanted = {str(s) for s in scopes}
    return [s.value for s in SHAREABLE if s.value in wanted]
