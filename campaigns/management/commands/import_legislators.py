from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns import directory, services


class Command(BaseCommand):
    help = (
        "Import the directory of Congress from the public congress-legislators data "
        "(legislators-current.yaml, .json or .csv; a path or an http(s) URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="Path or http(s) URL of the data file")
        parser.add_argument(
            "--historical",
            action="store_true",
            help="The file lists former Members (legislators-historical): import them as "
            "out of office, without touching sitting Members.",
        )

    def handle(self, *args: Any, source: str, historical: bool, **options: Any) -> None:
        try:
            fmt, content = directory.read_source(source)
            records, skipped = directory.parse(fmt, content, skip_invalid=historical)
            result = services.legislators_import(records=records, current=not historical)
        except directory.DirectoryError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Read {len(records)} legislators ({fmt}): {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged, "
            f"{result.left_office} marked out of office."
        )
        if skipped:
            self.stdout.write(f"Skipped {len(skipped)} records, for example: {skipped[0]}")
