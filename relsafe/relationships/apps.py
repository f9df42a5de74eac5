from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relsafe.relationships"
    label = "relationships"
    verbose_name = "Relationship maps"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.relationships import record_kinds

        record_kinds.register()

        # Trusted adults on the family page and the child's profile (relsafe.cases.family_page).
        from relsafe.core.demo import register_demo
        from relsafe.relationships import panels

        panels.register()
        register_demo("relsafe.relationships.demo", order=40)
