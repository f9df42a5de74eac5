"""Reading assessments: only through a route to the family, audited, and ready for the chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relsafe.assessments import selectors
from relsafe.audit.models import AuditAction, AuditEvent
from tests.factories import (
    AllocationFactory,
    SafetyMappingFactory,
    ScreeningFactory,
    UserFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


def _allocated() -> tuple[Any, Any]:
    yp = YoungPersonFactory.create()
    worker = UserFactory.create()
    AllocationFactory.create(family=yp.family, worker=worker)
    return worker, yp


def test_worker_reads_a_mapping_on_their_family_and_it_is_audited() -> None:
    worker, yp = _allocated()
    mapping = SafetyMappingFactory.create(young_person=yp)
    found = selectors.get_mapping(user=worker, family_pk=yp.family_id, pk=mapping.pk)
    assert found == mapping
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="assessments.safetymapping", object_id=str(mapping.pk)
    ).exists()


def test_worker_in_another_team_gets_404_and_the_refusal_is_audited() -> None:
    _, yp = _allocated()
    mapping = SafetyMappingFactory.create(young_person=yp)
    outsider = UserFactory.create()
    with pytest.raises(Http404):
        selectors.get_mapping(user=outsider, family_pk=yp.family_id, pk=mapping.pk)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=outsider.pk
    ).exists()


def test_a_mapping_cannot_be_reached_through_another_familys_address() -> None:
    worker, yp = _allocated()
    other_mapping = SafetyMappingFactory.create()
    with pytest.raises(Http404):
        selectors.get_mapping(user=worker, family_pk=yp.family_id, pk=other_mapping.pk)
    with pytest.raises(Http404):
        selectors.get_screening(
            user=worker, family_pk=yp.family_id, pk=ScreeningFactory.create().pk
        )


def test_overview_groups_history_by_young_person_newest_first() -> None:
    worker, yp = _allocated()
    sister = YoungPersonFactory.create(family=yp.family)
    today = timezone.localdate()
    for days in (60, 30, 1):
        SafetyMappingFactory.create(young_person=yp, mapped_on=today - dt.timedelta(days=days))
    SafetyMappingFactory.create(young_person=sister)
    context = selectors.family_assessments(user=worker, family_pk=yp.family_id)
    people = {p.young_person.pk: p for p in context["people"]}
    points = people[yp.pk].points
    assert [m.mapped_on for m in people[yp.pk].mappings] == [
        today - dt.timedelta(days=d) for d in (1, 30, 60)
    ]
    assert [p.date for p in points] == sorted(p.date for p in points)
    assert len(people[sister.pk].mappings) == 1


def test_overview_queries_do_not_grow_with_history() -> None:
    worker, yp = _allocated()
    SafetyMappingFactory.create(young_person=yp)
    ScreeningFactory.create(young_person=yp)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.family_assessments(user=worker, family_pk=yp.family_id)
        return len(ctx.captured_queries)

    count()  # the first read also marks the family as viewed (one insert); measure after it
    one_each = count()
    for _ in range(29):
        SafetyMappingFactory.create(young_person=yp)
        ScreeningFactory.create(young_person=yp)
    assert count() == one_each


def test_significant_events_mark_a_rising_scale_and_a_falling_level_as_strengths() -> None:
    _, yp = _allocated()
    today = timezone.localdate()
    SafetyMappingFactory.create(
        young_person=yp, mapped_on=today - dt.timedelta(days=90), worker_scale=2, parent_scale=2
    )
    SafetyMappingFactory.create(
        young_person=yp, mapped_on=today - dt.timedelta(days=10), worker_scale=6, parent_scale=5
    )
    ScreeningFactory.create(
        young_person=yp, screened_on=today - dt.timedelta(days=80), level="high"
    )
    ScreeningFactory.create(
        young_person=yp, screened_on=today - dt.timedelta(days=5), level="medium"
    )
    events = selectors.significant_assessment_events(yp.family)
    assert [e.date for e in events] == sorted(e.date for e in events)
    kinds = [(e.object_type.split(".")[1], e.kind) for e in events]
    assert kinds == [
        ("safetymapping", "concern"),
        ("screening", "concern"),
        ("safetymapping", "strength"),
        ("screening", "strength"),
    ]
    assert "worker 6, parent or carer 5" in events[2].title
    assert "medium (was high)" in events[3].title


def test_overdue_reviews_only_for_the_latest_screening_on_visible_families() -> None:
    worker, yp = _allocated()
    today = timezone.localdate()
    ScreeningFactory.create(
        young_person=yp,
        screened_on=today - dt.timedelta(days=200),
        review_on=today - dt.timedelta(days=100),
    )
    assert [s.young_person for s in selectors.overdue_screening_reviews(user=worker)] == [yp]
    ScreeningFactory.create(young_person=yp, screened_on=today)  # a newer screening: not overdue
    assert selectors.overdue_screening_reviews(user=worker) == []
    other = YoungPersonFactory.create()
    ScreeningFactory.create(
        young_person=other,
        screened_on=today - dt.timedelta(days=200),
        review_on=today - dt.timedelta(days=100),
    )
    assert selectors.overdue_screening_reviews(user=worker) == []
