from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "relsafe.language"
    label = "language"
    verbose_name = "Language with care"

    def ready(self) -> None:
        from relsafe.core.editing import register_saved_form_hook
        from relsafe.language.forms import warn_after_save

        register_saved_form_hook("language", warn_after_save)
