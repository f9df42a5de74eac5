from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relsafe.relationships"
    label = "relationships"
    verbose_name = "Relationship maps"
