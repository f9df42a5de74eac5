from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "relsafe.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes and statutory cost avoidance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outcomes the record on main already shows (relsafe.outcomes.sources); justice and the
        # portal's check-ins add theirs with register_court_attendance / register_parent_measures.
        from relsafe.outcomes import panels, sources

        sources.register_built_in()
        # Its parts of the family page and the start pages, and its demo.
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.outcomes.demo", order=95)
