"""Generated partnership intelligence: reports sent to the police through the real services.

Unlike the case records (written in bulk), each report goes through ``create_submission`` and
``send_submission``: the police copy is built and frozen, children get their pseudonyms, each
person of concern is linked to those already known, and every step is audited, exactly as when a
worker sends one. That costs tens of milliseconds a report, so only one family in
``every_n`` of those shared with a force sends one. The people of concern come from a pool sized
to the reports, named with shared nicknames and phones, so the linker finds networks across
families as it would in a region.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from relsafe.accounts.models import Organisation, User
from relsafe.cases.models import Allocation, Family, OrganisationShare
from relsafe.intelligence import services
from relsafe.intelligence.models import Submission
from relsafe.scale.generate import REFERENCE_PREFIX

NICKNAMES = ("Ghost", "Tiny", "Snow", "Blade", "Rocket", "Jinx", "Flash", "Shadow", "Ice", "Dreamz")
FIRST = ("Jordan", "Kai", "Tyler", "Reece", "Callum", "Liam", "Dion", "Marcus", "Ellis", "Zac")
LAST = ("Grant", "Hughes", "Price", "Moss", "Lowe", "Reid", "Shaw", "Cole", "Pike", "Webb")
WHAT = (
    "A parent saw an older man collect the young person from outside school in a grey car.",
    "The young person came home with a new phone and said a friend gave it to them.",
    "A parent found messages arranging to meet at the station late at night.",
    "Seen with two older males near the chicken shop after midnight.",
)


def _pool(rng: random.Random, size: int) -> list[services.PersonDetails]:
    return [
        services.PersonDetails(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            nickname=f"{rng.choice(NICKNAMES)}{i % 7 or ''}",
            age_estimate=str(rng.randint(17, 30)),
            phone=f"07700 9{i % 100000:05d}",
        )
        for i in range(size)
    ]


def seed_intelligence(
    *, every_n: int = 50, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> int:
    """Send one report from one in ``every_n`` generated families shared with a force; returns
    how many were sent."""
    rng = random.Random(seed)  # noqa: S311  # fictional data, not security
    shared = list(
        OrganisationShare.objects.filter(
            family__reference__startswith=REFERENCE_PREFIX, revoked_at__isnull=True
        )
        .values_list("family_id", "organisation_id")
        .order_by("family_id")
    )[:: max(1, every_n)]
    if not shared:
        return 0
    pool = _pool(rng, max(6, len(shared) // 3))
    today = timezone.localdate()
    sent = 0
    leads = dict(
        Allocation.objects.filter(
            family_id__in=[f for f, _ in shared], is_lead=True, ended_at__isnull=True
        ).values_list("family_id", "worker_id")
    )
    workers = {u.pk: u for u in User.objects.filter(pk__in=set(leads.values()))}
    families = Family.objects.in_bulk([f for f, _ in shared])
    forces = Organisation.objects.in_bulk({force for _, force in shared})
    for family_id, force_id in shared:
        worker = workers.get(leads.get(family_id, 0))
        family = families[family_id]
        if worker is None:
            continue
        children = list(family.young_people.all()[:1])
        people = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))
        details = services.SubmissionDetails(
            force=forces[force_id],
            young_people=children,
            source_type=Submission.SourceType.PARENT,
            source_name="the child's parent",
            source_grade=Submission.SourceGrade.UNTESTED,
            information_grade=rng.choice(
                (Submission.InformationGrade.A, Submission.InformationGrade.B)
            ),
            handling=Submission.Handling.P,
            lawful_basis=Submission.LawfulBasis.SAFEGUARDING,
            offence=rng.choice((Submission.Offence.CCE, Submission.Offence.COUNTY_LINES)),
            occurred_on=today - dt.timedelta(days=rng.randint(1, 300)),
            what_happened=rng.choice(WHAT),
            people=people,
            phones=[p.phone for p in people],
        )
        draft = services.create_submission(actor=worker, family=family, details=details)
        services.send_submission(actor=worker, submission=draft, expected_version=draft.version)
        sent += 1
        if progress:
            progress(1)
    return sent
