"""Beat keeps its schedule among the runtime files in var/, and makes var/ on a fresh clone."""

import os
import subprocess
import sys
import time

from django.conf import settings

from cosign.celery import app


def test_beat_keeps_its_schedule_in_var():
    assert app.conf.beat_schedule_filename == str(settings.BASE_DIR / "var" / "celerybeat-schedule")


def written(folder):
    return list(folder.glob("celerybeat-schedule*"))


def test_beat_makes_the_folder_its_schedule_goes_in(tmp_path):
    schedule = tmp_path / "var" / "celerybeat-schedule"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cosign", "beat", "--schedule", str(schedule)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not written(schedule.parent) and beat.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert beat.poll() is None, beat.communicate()[1]
    finally:
        beat.terminate()
        _, errors = beat.communicate(timeout=30)

    assert "beat raised exception" not in errors, errors
    assert written(schedule.parent), errors
