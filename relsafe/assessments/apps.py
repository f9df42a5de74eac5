from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "relsafe.assessments"
    label = "assessments"
    verbose_name = "Assessments: strengths and worries, exploitation screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its significant events in every family's chronology (relsafe.cases.events).
        from relsafe.assessments import chronology

        chronology.register()

        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.assessments import record_kinds

        record_kinds.register()

        # Contribute this app's kinds to the shared full-text search (relsafe.core.search).
        from relsafe.assessments.search import register_kinds

        register_kinds()

        # Contribute this app's deadlines to the caseload's next due (relsafe.cases.next_due).
        from relsafe.assessments import caseload

        caseload.register()

        # Its parts of the family page and the start pages (relsafe.assessments.panels), and its demo.
        from relsafe.assessments import panels
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.assessments.demo", order=50)
