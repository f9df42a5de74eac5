"""How fast the audit trail is reviewed: filtered page, CSV export, and verification with anchors.
Prints numbers; asserts nothing.

Run: .venv/bin/python -m bench.audit_review [N]   (uses DATABASE_URL, default a throwaway SQLite)
"""

from __future__ import annotations

import sys
import time

from bench._setup import migrated_database


def main(n: int) -> None:
    workdir = migrated_database()
    from django.conf import settings

    settings.AUDIT_ANCHOR_FILE = workdir / "anchors.jsonl"
    from relsafe.audit.models import AuditAction, AuditEvent
    from relsafe.audit.selectors import AuditFilters, export_rows, filtered_events
    from relsafe.audit.services import anchor_chain_head, record, verify_anchors, verify_chain
    from relsafe.core.exports import csv_lines

    actions = [AuditAction.VIEW, AuditAction.SIGN_IN, AuditAction.SEARCH, AuditAction.UPDATE]
    for i in range(n):
        record(
            action=actions[i % 4],
            object_type="cases.family",
            object_id=str(i % 50),
            family_id=i % 50,
            actor_email=f"worker{i % 20}@example.org",
            reason="allocated to the case",
        )
        if i % max(1, n // 10) == 0:
            anchor_chain_head()
    anchor_chain_head()

    started = time.perf_counter()
    page = list(filtered_events(filters=AuditFilters(action="view", actor="worker4"))[:50])
    print(
        f"filtered page of {len(page)} from {n} entries: {1000 * (time.perf_counter() - started):.1f} ms"
    )

    started = time.perf_counter()
    size = sum(
        len(line) for line in csv_lines(["x"], export_rows(user=None, filters=AuditFilters()))
    )
    took = time.perf_counter() - started
    print(
        f"CSV export: {n} rows, {size / 1e6:.1f} MB in {took:.2f}s = {n / took:,.0f} rows per second"
    )

    started = time.perf_counter()
    chain = verify_chain()
    anchors = verify_anchors()
    took = time.perf_counter() - started
    print(
        f"verify: {chain.checked} entries and {anchors.checked} anchors in {took:.2f}s, "
        f"ok={chain.ok and anchors.ok} ({AuditEvent.objects.count()} rows)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
