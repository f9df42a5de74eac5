"""Reading the trail: filters over whole UK days. (Who may read a family's access log is the
family's rule: tests/cases/test_access_log.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.selectors import AuditFilters, filtered_events
from relsafe.audit.services import record

pytestmark = pytest.mark.django_db


def _at(when: dt.datetime, email: str) -> AuditEvent:
    with time_machine.travel(when, tick=False):
        return record(action=AuditAction.SIGN_IN, actor_email=email)


def test_in_winter_a_uk_day_is_the_utc_day() -> None:
    late = _at(dt.datetime(2026, 1, 15, 23, 30, tzinfo=dt.UTC), "w@example.org")
    day = dt.date(2026, 1, 15)
    found = filtered_events(filters=AuditFilters(actor="w@", date_from=day, date_to=day))
    assert list(found) == [late]


def test_the_clocks_going_forward_do_not_lose_an_hour() -> None:
    # 29 March 2026: UK clocks go from 01:00 GMT to 02:00 BST. The day is 23 hours long.
    start = _at(dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC), "dst@example.org")
    end = _at(dt.datetime(2026, 3, 29, 22, 59, tzinfo=dt.UTC), "dst@example.org")
    after = _at(dt.datetime(2026, 3, 29, 23, 0, tzinfo=dt.UTC), "dst@example.org")
    day = dt.date(2026, 3, 29)
    found = set(filtered_events(filters=AuditFilters(actor="dst@", date_from=day, date_to=day)))
    assert found == {start, end}
    assert after not in found


def test_filters_recorded_with_a_search_leave_out_what_was_not_asked() -> None:
    assert AuditFilters().as_detail() == {}
    assert AuditFilters(action="view", date_to=dt.date(2026, 3, 1)).as_detail() == {
        "action": "view",
        "date_to": "2026-03-01",
    }
    assert AuditFilters(sort="who", descending=False).as_detail() == {"sort": "who", "order": "asc"}
