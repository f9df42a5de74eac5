from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "relsafe.evidence"
    label = "evidence"
    verbose_name = "The parent's evidence log"
    default_auto_field = "django.db.models.BigAutoField"
