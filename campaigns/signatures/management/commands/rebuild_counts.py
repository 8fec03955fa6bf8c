from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.letters.models import Campaign
from campaigns.signatures import counts


class Command(BaseCommand):
    help = "Recount letters' signatures in the database and correct the live counters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="One letter; all public letters if left out")

    def handle(self, *args: Any, slug: str | None, **options: Any) -> None:
        campaigns = Campaign.objects.public().order_by("slug")
        if slug:
            campaigns = Campaign.objects.filter(slug=slug)
            if not campaigns.exists():
                raise CommandError(f"No letter with the address {slug!r}")
        drifted = 0
        for campaign in campaigns.only("pk", "slug"):
            rebuilt = counts.rebuild(campaign.pk)
            if rebuilt.drift:
                drifted += 1
                corrected = ", ".join(f"{name} {n:+d}" for name, n in sorted(rebuilt.drift.items()))
                outcome = f"corrected drift ({corrected})"
            elif rebuilt.missing:
                outcome = "counters were missing; rebuilt"
            else:
                outcome = "no drift"
            self.stdout.write(f"{campaign.slug}: {rebuilt.tally.total:,} signatures, {outcome}")
        self.stdout.write(f"{drifted} letter{'s' if drifted != 1 else ''} had drifted.")
