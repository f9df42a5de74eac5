from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "relsafe.language"
    label = "language"
    verbose_name = "Language with care"

    def ready(self) -> None:
        """Take part in the edit flow's saved-form hook (warnings after a save), and load the rules
        and lemminflect's tables now, so a worker's first live check does not wait for them (about
        half a second, once per process)."""
        from relsafe.core.editing import register_saved_form_hook
        from relsafe.language.checker import check
        from relsafe.language.forms import warn_after_save

        register_saved_form_hook("language", warn_after_save)
        check("She chose to go back to the flat.")
