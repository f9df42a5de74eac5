from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "relsafe.access"
    label = "access"
    verbose_name = "Need-to-know access"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.access import record_kinds

        record_kinds.register()

        # The start pages' messages panel (relsafe.core.start_page) and the demo's break-glass use.
        from relsafe.access import panels
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.access.demo", order=30)
