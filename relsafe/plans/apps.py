from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "relsafe.plans"
    label = "plans"
    verbose_name = "Support and safety plans, referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its significant events in every family's chronology (relsafe.cases.events).
        from relsafe.plans import chronology

        chronology.register()

        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.plans import record_kinds

        record_kinds.register()

        # Contribute this app's kinds to the shared full-text search (relsafe.core.search).
        from relsafe.plans.search import register_kinds

        register_kinds()

        # Contribute this app's deadlines to the caseload's next due (relsafe.cases.next_due).
        from relsafe.plans import caseload

        caseload.register()

        # Its start-page panels (relsafe.plans.panels) and its demo (relsafe.core.demo).
        from relsafe.core.demo import register_demo
        from relsafe.plans import panels

        panels.register()
        register_demo("relsafe.plans.demo", order=60)
