from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "relsafe.evidence"
    label = "evidence"
    verbose_name = "The parent's evidence log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Photos' files follow their rows; clean_orphan_files checks the folder.
        from relsafe.evidence import photos

        photos.register()

        # Encrypted at rest: the sanctioned path for key rotation past the written-once triggers.
        from relsafe.evidence import rotation

        rotation.register()

        # Its parts of the family page and the start pages, and its demo.
        from relsafe.core.demo import register_demo
        from relsafe.evidence import panels

        panels.register()
        register_demo("relsafe.evidence.demo", order=90)
