from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "relsafe.api"
    label = "api"
    verbose_name = "The REST API"
    default_auto_field = "django.db.models.BigAutoField"
