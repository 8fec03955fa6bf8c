from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from campaigns.circulation.services import privacy


class Command(BaseCommand):
    help = (
        "Remove contact details kept past their use: signers' (email, phone, staffer's name) "
        "of letters delivered PURGE_PERSONAL_DATA_AFTER_DAYS days ago or more, the team's "
        "staff contacts unused that long, and the addresses their emails went to. The public "
        "credits stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after delivery or last use "
            f"(default {settings.PURGE_PERSONAL_DATA_AFTER_DAYS})",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        purged = privacy.personal_data_purge(days=days)
        self.stdout.write(
            f"Removed the contact details of {purged.signers:,} signers, "
            f"{purged.address_book:,} staff contacts and Dear Colleague addresses, and "
            f"{purged.outbox_entries:,} sent emails' records."
        )
