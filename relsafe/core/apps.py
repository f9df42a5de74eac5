from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "relsafe.core"
    label = "core"
    verbose_name = "Shell, start pages and shared components"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from relsafe.core import checks  # noqa: F401  (registers the start-up checks)
        from relsafe.core.text_limits import check_before_save

        # No text longer than its field's limit is saved, whoever saves it (core.text_limits).
        pre_save.connect(check_before_save, dispatch_uid="relsafe.core.text_limits")
