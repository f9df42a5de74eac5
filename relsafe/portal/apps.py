from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "relsafe.portal"
    label = "portal"
    verbose_name = "The family portal: parents and young people as partners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-in shows a family member how to leave quickly first (relsafe.accounts.hooks).
        from relsafe.accounts.hooks import register_after_sign_in
        from relsafe.core.demo import register_demo
        from relsafe.core.files import register_stored_files
        from relsafe.portal import chronology, panels
        from relsafe.portal.models import Message
        from relsafe.portal.selectors import page_after_sign_in
        from relsafe.portal.services import MESSAGE_FILES

        register_after_sign_in("portal_exit_guidance", page_after_sign_in)
        register_demo("relsafe.portal.demo", order=80)
        panels.register()
        # Held and cancelled appointments in every family's chronology (relsafe.cases.events).
        chronology.register()
        register_stored_files(
            folder=MESSAGE_FILES,
            label="message files",
            stored_names=lambda: Message.objects.exclude(stored_name="").values_list(
                "stored_name", flat=True
            ),
        )
