from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.congress import directory, services


class Command(BaseCommand):
    help = (
        "Import the directory of Congress from the public congress-legislators data "
        "(legislators-current.yaml, .json or .csv): the project's copy, a path, an http(s) URL, "
        "or the latest upstream files. The committees and their Members come from "
        "committees-current.yaml and committee-membership-current.yaml beside it."
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
        self.import_legislators(source, historical=historical)
        if not historical:
            self.import_committees(source)

    def import_legislators(self, source: str, *, historical: bool) -> None:
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

    def import_committees(self, legislators_source: str) -> None:
        """The committee files beside the legislators': in the same folder, or at the same URL."""
        sources = [_beside(legislators_source, name) for name in directory.COMMITTEE_FILES]
        local = urlsplit(legislators_source).scheme in ("", "file")
        if local and not all(Path(path).exists() for path in sources):
            self.stdout.write(
                f"No {' and '.join(directory.COMMITTEE_FILES)} beside {legislators_source}: "
                "committees left as they were."
            )
            return
        try:
            contents = [directory.read_source(path)[1] for path in sources]
            committees, memberships, skipped = directory.parse_committees(*contents)
            result = services.committees_import(committees=committees, memberships=memberships)
        except directory.DirectoryError as error:
            raise CommandError(str(error)) from error
        subcommittees = sum(1 for committee in committees if committee["parent"])
        self.stdout.write(
            f"Read {len(committees) - subcommittees} committees and {subcommittees} "
            f"subcommittees: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.retired} no longer current. "
            f"Memberships: {result.memberships_created} new, {result.memberships_updated} "
            f"updated, {result.memberships_unchanged} unchanged, {result.memberships_removed} "
            f"removed, {result.unknown_members} of Members not in the directory skipped."
        )
        if skipped:
            self.stdout.write(f"Skipped {len(skipped)} memberships, for example: {skipped[0]}")


def _beside(source: str, name: str) -> str:
    parts = urlsplit(source)
    if parts.scheme in ("http", "https"):
        return parts._replace(path=parts.path.rsplit("/", 1)[0] + "/" + name, query="").geturl()
    return str(Path(parts.path if parts.scheme == "file" else source).with_name(name))
