from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "relsafe.records"
    label = "records"
    verbose_name = "Records: contacts, missing episodes, chronology"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.records import record_kinds

        record_kinds.register()

        # Contribute this app's kinds to the shared full-text search (relsafe.core.search).
        from relsafe.records.search import register_kinds

        register_kinds()

        # Contribute this app's deadlines to the caseload's next due (relsafe.cases.next_due).
        from relsafe.records import caseload

        caseload.register()

        # Attachments' files follow their rows; clean_orphan_files checks the folder.
        from relsafe.records import attachments

        attachments.register()

        # Its parts of the family page and the start pages (relsafe.records.panels), and its demo.
        from relsafe.core.demo import register_demo
        from relsafe.records import panels

        panels.register()
        register_demo("relsafe.records.demo", order=70)
