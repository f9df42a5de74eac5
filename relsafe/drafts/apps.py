from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "relsafe.drafts"
    label = "drafts"
    verbose_name = "Unsaved text kept for its writer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.drafts import record_kinds

        record_kinds.register()

        # A form posted just after the session timed out is kept as a draft (relsafe.accounts.hooks).
        from relsafe.drafts import timeout

        timeout.register()
