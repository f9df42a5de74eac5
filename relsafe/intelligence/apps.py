from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "relsafe.intelligence"
    label = "intelligence"
    verbose_name = "Partnership intelligence"
