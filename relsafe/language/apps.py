from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "relsafe.language"
    label = "language"
    verbose_name = "Language with care"
