from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "relsafe.governance"
    label = "governance"
    verbose_name = "Data-protection governance: subject access, retention, sharing agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from relsafe.core.demo import register_demo
        from relsafe.core.editing import register_saved_form_hook
        from relsafe.governance import panels
        from relsafe.governance.hooks import after_share

        panels.register()
        register_saved_form_hook("governance_share_agreement", after_share)
        register_demo("relsafe.governance.demo", order=97)
