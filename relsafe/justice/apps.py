from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "relsafe.justice"
    label = "justice"
    verbose_name = "Criminal justice and court support"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its parts of the family page and the start pages, and its demo (after records: 70
        # and the portal: 80).
        from relsafe.core.demo import register_demo
        from relsafe.justice import caseload, panels

        caseload.register()
        panels.register()
        register_demo("relsafe.justice.demo", order=92)
