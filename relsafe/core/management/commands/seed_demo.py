"""Load the fictional demo families and sign-ins (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from relsafe.accounts.demo import PEOPLE
from relsafe.core.demo import DEMO_PASSWORD, seed_all


class Command(BaseCommand):
    help = "Create the fictional demo organisations, people and families. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        world = seed_all()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(world.families)} families."))
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (fictional people; password for all: {DEMO_PASSWORD})")
        for person in PEOPLE:
            self.stdout.write(f"  {person.email:40} {person.description}")
        self.stdout.write("")
        self.stdout.write(
            "Staff also need a code: run `make demo-code EMAIL=<email>` or "
            "`.venv/bin/python manage.py demo_totp <email>`, or add the demo key to an authenticator app."
        )
