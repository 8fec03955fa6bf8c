import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")

app = Celery("cosign")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.imports = ("cosign.tasks",)
