"""Keeping the directory of Congress in line with the public congress-legislators data."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from campaigns.congress.credits import fold_accents
from campaigns.congress.directory import DirectoryError
from campaigns.congress.models import Legislator


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    left_office: int


def legislators_import(*, records: list[dict[str, Any]], current: bool) -> ImportResult:
    """Bring the directory in line with `records` (from `directory.parse`).

    With `current`, the records are the sitting Members: anyone in office who is missing from
    them has left. Otherwise they are former Members, and never override a sitting one.
    Re-importing the same data changes nothing.
    """
    existing = {legislator.bioguide_id: legislator for legislator in Legislator.objects.all()}
    seen: set[str] = set()
    to_create: list[Legislator] = []
    to_update: list[Legislator] = []
    changed_fields: set[str] = set()
    unchanged = 0
    now = timezone.now()
    for record in records:
        bioguide_id = record["bioguide_id"]
        if bioguide_id in seen:
            raise DirectoryError(f"{bioguide_id} appears more than once")
        seen.add(bioguide_id)
        fields = {**record, "in_office": current}
        fields["search_name"] = fold_accents(
            " ".join(
                record[key]
                for key in ("display_name", "official_full", "nickname", "first_name", "last_name")
            )
        )
        legislator = existing.get(bioguide_id)
        if legislator is None:
            to_create.append(Legislator(**fields))
            continue
        if legislator.in_office and not current:
            unchanged += 1
            continue
        if legislator.display_name_edited:
            del fields["display_name"]
        changes = {key: value for key, value in fields.items() if getattr(legislator, key) != value}
        if not changes:
            unchanged += 1
            continue
        for key, value in changes.items():
            setattr(legislator, key, value)
        legislator.updated_at = now
        changed_fields.update(changes)
        to_update.append(legislator)
    with transaction.atomic():
        Legislator.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Legislator.objects.bulk_update(
                to_update, sorted({*changed_fields, "updated_at"}), batch_size=500
            )
        left_office = 0
        if current:
            left_office = (
                Legislator.objects.filter(in_office=True)
                .exclude(bioguide_id__in=seen)
                .update(in_office=False, updated_at=now)
            )
    return ImportResult(len(to_create), len(to_update), unchanged, left_office)
