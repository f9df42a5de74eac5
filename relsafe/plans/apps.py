from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "relsafe.plans"
    label = "plans"
    verbose_name = "Support and safety plans, referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from relsafe.plans import caseload

        caseload.register()
