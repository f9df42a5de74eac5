from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "relsafe.core"
    label = "core"
    verbose_name = "Shell, start pages and shared components"

    def ready(self) -> None:
        from relsafe.core import checks  # noqa: F401  (registers the start-up checks)
