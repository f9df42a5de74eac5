from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "relsafe.access"
    label = "access"
    verbose_name = "Need-to-know access"
