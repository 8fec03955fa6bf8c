from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from campaigns.signatures import services


class Command(BaseCommand):
    help = (
        "Remove signers' contact details (email, phone, staffer's name) from letters delivered "
        "PURGE_PERSONAL_DATA_AFTER_DAYS days ago or more; the public credits stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days after delivery (default {settings.PURGE_PERSONAL_DATA_AFTER_DAYS})",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        removed = services.purge_personal_data(days=days)
        self.stdout.write(f"Removed the contact details of {removed:,} signers.")
