from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "relsafe.portal"
    label = "portal"
    verbose_name = "The family portal: quick exit and staying safe"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-in shows a family member how to leave quickly first (relsafe.accounts.hooks).
        from relsafe.accounts.hooks import register_after_sign_in
        from relsafe.core.demo import register_demo
        from relsafe.portal.selectors import page_after_sign_in

        register_after_sign_in("portal_exit_guidance", page_after_sign_in)
        register_demo("relsafe.portal.demo", order=80)
