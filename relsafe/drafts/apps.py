from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "relsafe.drafts"
    label = "drafts"
    verbose_name = "Unsaved text kept for its writer"
    default_auto_field = "django.db.models.BigAutoField"
