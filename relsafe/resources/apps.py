from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "relsafe.resources"
    label = "resources"
    verbose_name = "Resources for families and practitioners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # "Reading for you" on the family members' start pages, and the demo articles.
        from relsafe.core.demo import register_demo
        from relsafe.resources import panels

        panels.register()
        register_demo("relsafe.resources.demo", order=90)
