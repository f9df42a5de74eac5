from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "relsafe.justice"
    label = "justice"
    verbose_name = "Criminal justice and court support"
    default_auto_field = "django.db.models.BigAutoField"
