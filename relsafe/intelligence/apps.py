from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "relsafe.intelligence"
    label = "intelligence"
    verbose_name = "Partnership intelligence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its parts of the family page and the police start page (relsafe.intelligence.panels),
        # and its demo (after records and the evidence log, before outcomes).
        from relsafe.core.demo import register_demo
        from relsafe.intelligence import panels

        panels.register()
        register_demo("relsafe.intelligence.demo", order=92)
