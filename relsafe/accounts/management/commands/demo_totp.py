"""Print the current authenticator code for a demo staff account. Demo data only."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.core.demo import DEMO_TOTP_HEX_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code for a demo staff account (demo key only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__email=email.lower(), confirmed=True, key=DEMO_TOTP_HEX_KEY
        ).first()
        if device is None:
            raise CommandError(
                f"No demo authenticator for {email}. Only demo staff accounts made by seed_demo have one."
            )
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
        self.stdout.write(str(code).zfill(device.digits))
