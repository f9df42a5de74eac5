from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "relsafe.scale"
    label = "scale"
    verbose_name = "Generated data at national size, for benchmarks and load tests"
    default_auto_field = "django.db.models.BigAutoField"
