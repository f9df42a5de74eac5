"""How fast the hash-chained audit trail appends and verifies. Prints numbers; asserts nothing.

Run: .venv/bin/python -m bench.audit_append [N]   (uses DATABASE_URL, default a throwaway SQLite)
"""

from __future__ import annotations

import sys
import time

from bench._setup import migrated_database


def main(n: int) -> None:
    migrated_database()
    from relsafe.audit.models import AuditAction
    from relsafe.audit.services import record, verify_chain

    started = time.perf_counter()
    for i in range(n):
        record(action=AuditAction.VIEW, object_type="cases.family", object_id=str(i))
    append_s = time.perf_counter() - started
    started = time.perf_counter()
    report = verify_chain()
    verify_s = time.perf_counter() - started
    print(f"audit append: {n} entries in {append_s:.2f}s = {n / append_s:,.0f} per second")
    print(
        f"audit verify: {report.checked} entries in {verify_s:.2f}s = {report.checked / verify_s:,.0f} per second, ok={report.ok}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
