from django.apps import AppConfig


class CirculationConfig(AppConfig):
    name = "campaigns.circulation"
    label = "circulation"
    verbose_name = "Circulation"
    default_auto_field = "django.db.models.BigAutoField"
