from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relsafe.relationships"
    label = "relationships"
    verbose_name = "Relationship maps"

    def ready(self) -> None:
        # Trusted adults on the family page and the child's profile (relsafe.cases.family_page).
        from relsafe.core.demo import register_demo
        from relsafe.relationships import panels

        panels.register()
        register_demo("relsafe.relationships.demo", order=40)
