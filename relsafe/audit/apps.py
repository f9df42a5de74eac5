from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "relsafe.audit"
    label = "audit"
    verbose_name = "Audit trail"
