from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "relsafe.cases"
    label = "cases"
    verbose_name = "Families and children"
