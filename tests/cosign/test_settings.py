"""Settings come from the environment; a bad value stops start-up and names the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHOW_SETTINGS = """
import django, json
django.setup()
from django.conf import settings
from cosign.celery import app
print(json.dumps({
    "debug": settings.DEBUG,
    "database": settings.DATABASES["default"]["ENGINE"],
    "database_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "email": settings.EMAIL_BACKEND,
    "email_port": settings.EMAIL_PORT,
    "time_zone": settings.TIME_ZONE,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "legislators_data_dir": str(settings.LEGISLATORS_DATA_DIR),
    "results": app.conf.result_backend,
    "task_pause_max": settings.TASK_PAUSE_MAX_SECONDS,
}))
"""

CONFIG_VARIABLES = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST",
    "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL", "TIME_ZONE", "SITE_URL", "LOG_LEVEL", "PORT", "RATE_LIMIT_SIGN",
    "STREAM_HEARTBEAT_SECONDS", "LEGISLATORS_DATA_DIR", "LEGISLATORS_UPSTREAM_URL",
    "CELERY_BROKER_URL", "CELERY_QUEUE", "RABBITMQ_CONSUMER_TIMEOUT_SECONDS",
]  # fmt: skip


def start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "cosign.settings"
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_nothing_set_it_runs_on_sqlite_with_tasks_in_process():
    result = start()
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["debug"] is True
    assert shown["database"] == "django.db.backends.sqlite3"
    assert shown["database_name"].endswith("db.sqlite3")
    assert shown["cache"].endswith("LocMemCache")
    assert shown["eager"] is True
    assert shown["email"] == "cosign.mail.OutboxEmailBackend"
    assert shown["time_zone"] == "America/New_York"
    # The directory of Congress is the project's own copy: a fresh clone's demo is whole.
    assert shown["legislators_data_dir"] == str(
        ROOT / "campaigns" / "congress" / "data" / "congress-legislators"
    )


def test_with_services_set_it_uses_postgres_redis_and_smtp():
    result = start(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cosign",
        REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["database"] == "django.db.backends.postgresql"
    assert shown["cache"] == "cosign.cache.FailOpenRedisCache"
    assert shown["eager"] is False
    assert shown["broker"] == "redis://127.0.0.1:6379/3"
    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert shown["email_port"] == 587


def test_with_a_rabbitmq_broker_tasks_go_through_it_and_results_stay_in_redis():
    result = start(
        REDIS_URL="redis://127.0.0.1:6379/3",
        CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672/cosign",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["eager"] is False
    assert shown["broker"] == "amqp://guest:guest@127.0.0.1:5672/cosign"
    assert shown["results"] == "redis://127.0.0.1:6379/3"
    assert shown["cache"] == "cosign.cache.FailOpenRedisCache"
    # Half of RabbitMQ's consumer_timeout (30 minutes), not of Redis's visibility timeout.
    assert shown["task_pause_max"] == 900


def test_a_broker_without_redis_is_refused():
    result = start(CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672/cosign")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL needs REDIS_URL" in result.stderr


def test_allowed_hosts_is_a_comma_separated_list():
    result = start(ALLOWED_HOSTS="cosign.example.org, www.cosign.example.org")
    assert json.loads(result.stdout)["allowed_hosts"] == [
        "cosign.example.org",
        "www.cosign.example.org",
    ]


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = start(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_in_production_with_a_secret_key_it_starts():
    result = start(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/cosign"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("CELERY_BROKER_URL", "rabbitmq://127.0.0.1:5672"),
        ("EMAIL_PORT", "smtp"),
        ("EMAIL_PORT", "0"),
        ("EMAIL_USE_TLS", "sometimes"),
        ("DEFAULT_FROM_EMAIL", "Cosign"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("SITE_URL", "ftp://cosign.example.org"),
        ("LOG_LEVEL", "LOUD"),
        ("PORT", "eighty"),
        ("RATE_LIMIT_SIGN", "ten a minute"),
        ("STREAM_HEARTBEAT_SECONDS", "0"),
        ("LEGISLATORS_UPSTREAM_URL", "ftp://example.org/congress-legislators/"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(variable, value):
    result = start(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line, last_line
