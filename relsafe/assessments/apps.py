from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "relsafe.assessments"
    label = "assessments"
    verbose_name = "Assessments: strengths and worries, exploitation screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Contribute this app's kinds to the shared full-text search (relsafe.core.search).
        from relsafe.assessments.search import register_kinds

        register_kinds()

        # Contribute this app's deadlines to the caseload's next due (relsafe.cases.next_due).
        from relsafe.assessments import caseload

        caseload.register()
