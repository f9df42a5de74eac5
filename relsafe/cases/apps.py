from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "relsafe.cases"
    label = "cases"
    verbose_name = "Families and children"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.cases import record_kinds

        record_kinds.register()

        # The family's own review date feeds its stored next due (relsafe.cases.next_due).
        from relsafe.cases.next_due import connect_family

        connect_family()

        # The family page's own sections and the start pages' caseload panels (relsafe.cases.panels),
        # and the demo families (relsafe.core.demo).
        from relsafe.cases import panels
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.cases.demo", order=20)
        # After every app's demo: the stored next due over all of them (relsafe.cases.next_due).
        register_demo("relsafe.cases.demo_next_due", order=1000)
