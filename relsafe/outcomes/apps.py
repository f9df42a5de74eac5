from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "relsafe.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes and statutory cost avoidance"
    default_auto_field = "django.db.models.BigAutoField"
