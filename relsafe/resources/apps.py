from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "relsafe.resources"
    label = "resources"
    verbose_name = "Resources for families and practitioners"
    default_auto_field = "django.db.models.BigAutoField"
