from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relsafe.accounts"
    label = "accounts"
    verbose_name = "People, organisations and sign-in"

    def ready(self) -> None:
        from relsafe.accounts import signals  # noqa: F401
