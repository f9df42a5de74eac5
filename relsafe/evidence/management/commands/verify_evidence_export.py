"""Check a signed evidence log export (PDF): exit 0 and say what it covers when the signature
holds over the whole file and was made with relsafe's certificate; exit 1 otherwise."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relsafe.evidence.signing import verify_export


class Command(BaseCommand):
    help = (
        "Check the digital signature on an evidence log PDF and say what it covers "
        "(family log, range, chain head). Exits 1 if the file was changed after signing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The exported PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            self.stderr.write(f"Cannot read {path}: {error.strerror}.")
            sys.exit(1)
        check = verify_export(data)
        if not check.ok:
            self.stderr.write(f"NOT VALID: {path.name}: {check.problem}.")
            sys.exit(1)
        covers = check.covers
        self.stdout.write(self.style.SUCCESS(f"VALID: {path.name} is signed and unchanged."))
        self.stdout.write(f"Signed by: {check.signer}")
        self.stdout.write(f"Family log: {covers['family']}")
        self.stdout.write(f"Range: {covers['range']}")
        self.stdout.write(f"Entries: {covers['entries']}")
        self.stdout.write(f"Chain head: {covers['chain_head']}")
        self.stdout.write(f"Exported at: {covers['exported_at']}")
