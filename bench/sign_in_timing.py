"""Does a wrong password for a known email take as long as any password for an unknown one?

ASVS 6.3.8. Alternates known and unknown attempts so machine load hits both alike, each from its
own address so the lock-out never starts, with the production Argon2id parameters. Prints the
means, medians and the gap; asserts nothing (the test suite counts hashes instead).

Run: .venv/bin/python -m bench.sign_in_timing [N]   (uses DATABASE_URL, default a throwaway SQLite)
"""

from __future__ import annotations

import statistics
import sys
import time

from bench._setup import migrated_database


def main(n: int) -> None:
    migrated_database()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    # The test settings use a fast hasher; time the one production uses.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    setup_test_environment()
    from relsafe.accounts.models import User
    from relsafe.accounts.roles import Role

    email = "known.person@example.org"
    secret = "the known password here"  # noqa: S105 - a throwaway bench account
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(email=email, password=secret, full_name="K", role=Role.PARENT)

    def attempt(address_index: int, who: str) -> float:
        client = Client(REMOTE_ADDR=f"10.20.{address_index // 200}.{address_index % 200 + 1}")
        started = time.perf_counter()
        client.post(reverse("accounts:sign-in"), {"email": who, "password": "a wrong password"})
        return time.perf_counter() - started

    for i in range(3):
        attempt(5000 + 2 * i, email)
        attempt(5001 + 2 * i, f"warm{i}@example.org")
    known, unknown = [], []
    for i in range(n):
        known.append(attempt(2 * i, email))
        unknown.append(attempt(2 * i + 1, f"unknown{i}@example.org"))
    for name, times in (("known email", known), ("unknown email", unknown)):
        print(
            f"{name:>13}: mean {statistics.mean(times) * 1000:.1f} ms, "
            f"median {statistics.median(times) * 1000:.1f} ms over {n}"
        )
    gap = abs(statistics.median(known) - statistics.median(unknown))
    print(f"median gap {gap * 1000:.1f} ms = {gap / statistics.median(known):.1%} of a sign-in")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
