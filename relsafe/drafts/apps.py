from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "relsafe.drafts"
    label = "drafts"
    verbose_name = "Unsaved text kept for its writer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A form posted just after the session timed out is kept as a draft (relsafe.accounts.hooks).
        from relsafe.drafts import timeout

        timeout.register()
