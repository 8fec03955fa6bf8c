from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.congress import directory, services


class Command(BaseCommand):
    help = (
        "Import the directory of Congress from the public congress-legislators data "
        "(legislators-current.yaml, .json or .csv): the project's copy, a path, an http(s) URL, "
        "or the latest upstream files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source",
            nargs="?",
            help="Path or http(s) URL of the data file; by default the project's copy "
            "(LEGISLATORS_DATA_DIR)",
        )
        parser.add_argument(
            "--upstream",
            action="store_true",
            help="Download the latest file from the congress-legislators project "
            "(LEGISLATORS_UPSTREAM_URL).",
        )
        parser.add_argument(
            "--historical",
            action="store_true",
            help="The file lists former Members (legislators-historical): import them as "
            "out of office, without touching sitting Members.",
        )

    def handle(
        self, *args: Any, source: str | None, upstream: bool, historical: bool, **options: Any
    ) -> None:
        name = "legislators-historical.csv" if historical else "legislators-current.yaml"
        if upstream and source:
            raise CommandError("Give a SOURCE or --upstream, not both.")
        if upstream:
            source = settings.LEGISLATORS_UPSTREAM_URL.rstrip("/") + "/" + name
        elif source is None:
            source = str(settings.LEGISLATORS_DATA_DIR / name)
        try:
            fmt, content = directory.read_source(source)
            records, skipped = directory.parse(fmt, content, skip_invalid=historical)
            result = services.legislators_import(records=records, current=not historical)
        except directory.DirectoryError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Read {len(records)} legislators ({fmt}) from {source}: {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged, "
            f"{result.left_office} marked out of office."
        )
        if skipped:
            self.stdout.write(f"Skipped {len(skipped)} records, for example: {skipped[0]}")
