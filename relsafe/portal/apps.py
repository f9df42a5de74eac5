from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "relsafe.portal"
    label = "portal"
    verbose_name = "The family portal: quick exit and staying safe"
    default_auto_field = "django.db.models.BigAutoField"
