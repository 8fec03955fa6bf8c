"""The logging configuration: one plain console handler; the chattiest libraries only from
WARNING. (Kept out of settings.py, as beat's schedule is.)"""

from typing import Any


def config(level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # WeasyPrint and fontTools narrate every step at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "pikepdf": {"level": "WARNING"},
        },
    }
