"""Keeping the directory of Congress in line with the public congress-legislators data."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from campaigns.congress.credits import fold_accents
from campaigns.congress.directory import DirectoryError
from campaigns.congress.models import Committee, CommitteeMembership, Legislator


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
                .update(in_office=False, leadership_title="", updated_at=now)
            )
    return ImportResult(len(to_create), len(to_update), unchanged, left_office)


@dataclass(frozen=True)
class CommitteeImportResult:
    created: int
    updated: int
    unchanged: int
    retired: int  # no longer in the data: kept, marked not current
    memberships_created: int
    memberships_updated: int
    memberships_unchanged: int
    memberships_removed: int
    unknown_members: int  # memberships of bioguide ids not in the directory, skipped


COMMITTEE_FIELDS = ("name", "chamber", "url", "jurisdiction", "current")
MEMBERSHIP_FIELDS = ("side", "rank", "title")


def committees_import(
    *, committees: list[dict[str, Any]], memberships: list[dict[str, Any]]
) -> CommitteeImportResult:
    """Bring the committees and their members in line with `directory.parse_committees`.

    Run it after the legislators: memberships of bioguide ids not in the directory are
    skipped and counted. A Member no longer listed on a committee loses the membership; a
    committee no longer in the data is kept (letters may name it) but marked not current and
    emptied. Re-importing the same data changes nothing.
    """
    with transaction.atomic():
        by_code = {committee.thomas_id: committee for committee in Committee.objects.all()}
        created = updated = unchanged = 0
        # Full committees first: their subcommittees need their ids.
        for top in (True, False):
            to_create, to_update = [], []
            for record in committees:
                if (record["parent"] == "") != top:
                    continue
                fields = {key: record[key] for key in COMMITTEE_FIELDS if key in record}
                fields["current"] = True
                fields["parent_id"] = by_code[record["parent"]].pk if record["parent"] else None
                committee = by_code.get(record["thomas_id"])
                if committee is None:
                    to_create.append(Committee(thomas_id=record["thomas_id"], **fields))
                    continue
                changes = _changes(committee, fields)
                if changes:
                    to_update.append(committee)
                else:
                    unchanged += 1
            for committee in Committee.objects.bulk_create(to_create):
                by_code[committee.thomas_id] = committee
            Committee.objects.bulk_update(to_update, [*COMMITTEE_FIELDS, "parent"])
            created, updated = created + len(to_create), updated + len(to_update)
        listed = {record["thomas_id"] for record in committees}
        retired = Committee.objects.current().exclude(thomas_id__in=listed).update(current=False)

        legislator_ids = dict(Legislator.objects.values_list("bioguide_id", "pk"))
        existing = {
            (membership.committee_id, membership.legislator_id): membership
            for membership in CommitteeMembership.objects.all()
        }
        seen: set[tuple[int, int]] = set()
        new: list[CommitteeMembership] = []
        changed: list[CommitteeMembership] = []
        same = unknown = 0
        for record in memberships:
            legislator_id = legislator_ids.get(record["bioguide_id"])
            if legislator_id is None:
                unknown += 1
                continue
            key = (by_code[record["committee"]].pk, legislator_id)
            seen.add(key)
            fields = {name: record[name] for name in MEMBERSHIP_FIELDS}
            membership = existing.get(key)
            if membership is None:
                new.append(CommitteeMembership(committee_id=key[0], legislator_id=key[1], **fields))
            elif _changes(membership, fields):
                changed.append(membership)
            else:
                same += 1
        CommitteeMembership.objects.bulk_create(new, batch_size=500)
        CommitteeMembership.objects.bulk_update(changed, MEMBERSHIP_FIELDS, batch_size=500)
        gone = [membership.pk for key, membership in existing.items() if key not in seen]
        CommitteeMembership.objects.filter(pk__in=gone).delete()
    return CommitteeImportResult(
        created, updated, unchanged, retired, len(new), len(changed), same, len(gone), unknown
    )


def _changes(instance: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """Set `fields` on `instance`; the ones that differed."""
    changes = {key: value for key, value in fields.items() if getattr(instance, key) != value}
    for key, value in changes.items():
        setattr(instance, key, value)
    return changes
