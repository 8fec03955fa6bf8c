from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OutboxConfig(AppConfig):
    name = "cosign.outbox"
    label = "outbox"
    verbose_name = "Outbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The handlers live in the apps' tasks modules: loaded with the process, not by the
        # first request that writes an entry (the PDF pipeline's imports take seconds).
        autodiscover_modules("tasks")
