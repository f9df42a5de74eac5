from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "relsafe.core"
    label = "core"
    verbose_name = "Shell, start pages and shared components"
