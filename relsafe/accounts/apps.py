from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relsafe.accounts"
    label = "accounts"
    verbose_name = "People, organisations and sign-in"

    def ready(self) -> None:
        # Its start-page panel (relsafe.core.start_page) and its demo people (relsafe.core.demo).
        from relsafe.accounts import (
            panels,
            signals,  # noqa: F401
        )
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.accounts.demo", order=10)
