from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "campaigns.congress"
    label = "congress"
    verbose_name = "Congress"
    default_auto_field = "django.db.models.BigAutoField"
