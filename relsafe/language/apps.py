from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "relsafe.language"
    label = "language"
    verbose_name = "Language with care"

    def ready(self) -> None:
        """Load the rules and lemminflect's tables now, so a worker's first live check does not wait
        for them (about half a second, once per process)."""
        from relsafe.language.checker import check

        check("She chose to go back to the flat.")
