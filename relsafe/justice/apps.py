from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "relsafe.justice"
    label = "justice"
    verbose_name = "Criminal justice and court support"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its parts of the family page and the start pages; told when intelligence started from
        # an intimidation concern is sent; its demo (after records: 70, the portal: 80 and
        # intelligence: 92, whose reports its suspects and concerns link to).
        from relsafe.core.demo import register_demo
        from relsafe.intelligence.hooks import register_on_sent
        from relsafe.justice import caseload, panels, services

        caseload.register()
        panels.register()
        register_on_sent("justice.intimidation", services.concern_sent_as_intelligence)
        register_demo("relsafe.justice.demo", order=93)
