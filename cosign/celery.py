import os
from datetime import datetime
from pathlib import Path
from typing import Any

from celery import Celery, beat
from celery import Task as BaseTask
from django.conf import settings
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")


class Task(BaseTask):
    """Every task runs again, with growing pauses, if the database was down when it ran: a
    restart of PostgreSQL delays the emails of the moment rather than losing them."""

    autoretry_for: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
    retry_backoff = 2
    retry_backoff_max = settings.TASK_RETRY_BACKOFF_MAX_SECONDS  # 60 unless set
    retry_jitter = True
    max_retries = 12

    def apply_async(self, *args: Any, **options: Any) -> Any:
        # A task waiting out its countdown or ETA is unacknowledged all the while, and Redis
        # hands it to another worker once the visibility timeout passes: again and again.
        wait = float(options.get("countdown") or 0)
        eta = options.get("eta")
        if isinstance(eta, datetime):
            wait = max(wait, (eta - datetime.now(eta.tzinfo)).total_seconds())
        if wait > settings.TASK_PAUSE_MAX_SECONDS:
            raise ValueError(
                f"{self.name} would wait {wait:.0f} s before it runs; TASK_PAUSE_MAX_SECONDS "
                f"({settings.TASK_PAUSE_MAX_SECONDS} s) keeps it under the broker's visibility "
                "timeout"
            )
        return super().apply_async(*args, **options)


class PersistentScheduler(beat.PersistentScheduler):
    """Beat's own scheduler, which also makes the folder its schedule file goes in: var/ is
    not in a fresh clone."""

    def __init__(self, *args: Any, schedule_filename: str, **kwargs: Any) -> None:
        Path(schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(*args, schedule_filename=schedule_filename, **kwargs)


app = Celery("cosign", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
