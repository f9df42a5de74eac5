"""How long the caseload takes to sort and filter by next due over every kind of deadline, for a
manager whose team carries N families (each with a plan, actions, a screening, a referral and a
missing episode). Prints numbers; asserts nothing.

Run: .venv/bin/python -m bench.caseload_deadlines [N]   (uses DATABASE_URL, default a throwaway SQLite)
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from bench._setup import migrated_database


def main(n: int) -> None:
    migrated_database()
    from django.utils import timezone

    from relsafe.accounts.roles import Role
    from relsafe.cases.selectors import CaseloadFilters, caseload_for, next_due_for
    from tests import factories

    team = factories.TeamFactory.create()
    organisation = factories.OrganisationFactory.create()
    manager = factories.UserFactory.create(
        role=Role.TEAM_MANAGER, team=team, organisation=organisation
    )
    workers = [
        factories.UserFactory.create(team=team, organisation=organisation) for _ in range(10)
    ]
    today = timezone.localdate()
    for i in range(n):
        worker = workers[i % len(workers)]
        family = factories.allocated_family(worker, review_due=today + dt.timedelta(days=i % 40))
        child = family.young_people.get()
        plan = factories.PlanFactory.create(family=family, created_by=worker, review_on=today)
        for d in (i % 9 - 4, 10, 20):
            factories.PlanActionFactory.create(plan=plan, due_on=today + dt.timedelta(days=d))
        factories.ScreeningFactory.create(young_person=child, recorded_by=worker)
        factories.ReferralFactory.create(young_person=child, recorded_by=worker)
        factories.MissingEpisodeFactory.create(
            family=family, young_person=child, recorded_by=worker
        )

    def timed(filters: CaseloadFilters) -> tuple[float, int]:
        started = time.perf_counter()
        result = caseload_for(user=manager, filters=filters)
        count = result.families.count()
        rows = list(result.families[:25])
        [next_due_for(f) for f in rows]
        return time.perf_counter() - started, count

    for label, filters in (
        ("sorted by next due, first page", CaseloadFilters()),
        ("only overdue, first page", CaseloadFilters(overdue_only=True)),
    ):
        timed(filters)
        runs = [timed(filters) for _ in range(5)]
        best = min(r[0] for r in runs)
        print(f"{label}: {best * 1000:.0f} ms for {runs[0][1]} of {n} families")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
