from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "relsafe.assessments"
    label = "assessments"
    verbose_name = "Assessments: strengths and worries, exploitation screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from relsafe.assessments import caseload

        caseload.register()
