from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "relsafe.records"
    label = "records"
    verbose_name = "Records: contacts, missing episodes, chronology"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from relsafe.records import caseload

        caseload.register()
