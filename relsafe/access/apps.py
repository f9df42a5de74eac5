from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "relsafe.access"
    label = "access"
    verbose_name = "Need-to-know access"

    def ready(self) -> None:
        # Its kinds of record in words, for the audit trail and "Changed since you looked".
        from relsafe.access import record_kinds

        record_kinds.register()

        # The start pages' messages panel (relsafe.core.start_page) and the demo's break-glass use.
        from relsafe.access import panels
        from relsafe.core.demo import register_demo

        panels.register()
        register_demo("relsafe.access.demo", order=30)

        # Whatever a route to a family is built from: a save or delete forgets the policy's
        # answers kept for this request (relsafe.access.policy.PolicyPerRequest).
        from django.db.models.signals import post_delete, post_save

        from relsafe.access.models import BreakGlassGrant
        from relsafe.access.policy import forget_sections
        from relsafe.accounts.models import User
        from relsafe.cases.models import Allocation, Carer, Family, OrganisationShare, YoungPerson

        def forget(**_: object) -> None:
            forget_sections()

        for model in (Allocation, OrganisationShare, BreakGlassGrant, Carer, YoungPerson, Family):
            name = model.__name__
            post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"forget-{name}")
            post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"forget-del-{name}")
        post_save.connect(forget, sender=User, weak=False, dispatch_uid="forget-User")
