"""The office tracker: which offices the letter's team asks, and where each one stands.

An office's row shows what its own sign-on says when there is one (signed, or signed pending
confirmation), else what the team noted by hand after a call or a hallway word.
"""

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from campaigns.circulation.models import OfficeTarget, TargetList
from campaigns.circulation.services.reminders import reminders_schedule_defaults
from campaigns.congress.models import Committee, Legislator
from campaigns.errors import Code, ServiceError
from campaigns.letters.events import event_add
from campaigns.letters.live import team_notify
from campaigns.letters.models import Campaign

Status = OfficeTarget.Status
# What the team may note by hand: "signed" comes only from a counted sign-on.
MANUAL_STATUSES = [status for status in Status if status != Status.SIGNED]


@dataclass
class Totals:
    by_status: Counter[str] = field(default_factory=Counter)
    # (chamber, party letter) → status → offices
    by_group: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    @property
    def offices(self) -> int:
        return sum(self.by_status.values())


def tracker_totals(rows: Iterable[OfficeTarget]) -> Totals:
    totals = Totals()
    for row in rows:
        status = row.shown_status  # type: ignore[attr-defined]
        totals.by_status[status] += 1
        group = (row.legislator.chamber, row.legislator.party[:1])
        totals.by_group.setdefault(group, Counter())[status] += 1
    return totals


def committees_of(campaign: Campaign) -> list[tuple[str, str]]:
    """The current full committees of the chambers the letter's offices sit in, as (code,
    name): what the tracker can be filtered by (a subcommittee's members are on its committee)."""
    chambers = set(campaign.targets.values_list("legislator__chamber", flat=True).distinct())
    return list(
        Committee.objects.filter(current=True, parent=None, chamber__in=[*chambers, "joint"])
        .order_by("chamber", "name")
        .values_list("thomas_id", "name")
    )


def committee_members(code: str) -> set[int]:
    return set(Legislator.objects.on_committee(code).values_list("pk", flat=True))


def offices_matching(
    *,
    chamber: str = "",
    party: str = "",
    state: str = "",
    search: str = "",
    committee: Committee | None = None,
    side: str = "",
    leadership: bool = False,
) -> QuerySet[Legislator]:
    """Sitting Members by the directory's fields; empty criteria match everyone.
    E.g. committee=House Judiciary, side="minority": its minority members."""
    offices = Legislator.objects.in_office()
    if committee is not None:
        offices = offices.on_committee(committee.thomas_id, side or None)
    if leadership:
        offices = offices.in_leadership()
    if chamber:
        offices = offices.filter(chamber=chamber)
    if party:
        offices = offices.filter(party=party)
    if state:
        offices = offices.filter(state=state)
    if search:
        offices = offices & Legislator.objects.in_office().search(search)
    return offices


def targets_add(*, campaign: Campaign, legislators: Iterable[Legislator]) -> int:
    """Add offices to the tracker; those already on it stay as they are. How many were new."""
    before = campaign.targets.count()
    OfficeTarget.objects.bulk_create(
        [OfficeTarget(campaign=campaign, legislator=legislator) for legislator in legislators],
        ignore_conflicts=True,
    )
    added = campaign.targets.count() - before
    if added and not before:  # the first targets: the letter's default reminders
        reminders_schedule_defaults(campaign=campaign)
    if added:
        team_notify(campaign.pk)
    return added


def targets_remove(*, campaign: Campaign, target_ids: Iterable[int]) -> int:
    removed, _ = campaign.targets.filter(pk__in=list(target_ids)).delete()
    if removed:
        team_notify(campaign.pk)
    return removed


def targets_set_status(
    *, campaign: Campaign, target_ids: Iterable[int], status: str, by: User, note: str = ""
) -> int:
    """What the team learned, by phone or in the hallway, for each ticked office."""
    if status not in MANUAL_STATUSES:
        raise ServiceError(Code.TRACKER_STATUS)
    changes: dict[str, object] = {
        "status": status,
        "last_contact_at": timezone.now(),
        "last_contact_by": by,
    }
    if note:
        changes["note"] = note
    with transaction.atomic():
        targets = campaign.targets.filter(pk__in=list(target_ids))
        offices = list(targets.values_list("legislator_id", flat=True))
        changed = targets.update(**changes)
        if changed:
            team_notify(campaign.pk)
        for legislator_id in offices:
            tracker_changed(campaign.pk, legislator_id)
    return changed


def target_update(
    *, target: OfficeTarget, status: str, note: str, next_step: str, by: User
) -> None:
    if status not in MANUAL_STATUSES:
        raise ServiceError(Code.TRACKER_STATUS)
    if status != target.status:
        target.last_contact_at = timezone.now()
        target.last_contact_by = by
    target.status, target.note, target.next_step = status, note, next_step
    with transaction.atomic():
        target.save()
        tracker_changed(target.campaign_id, target.legislator_id)
    team_notify(target.campaign_id)


def tracker_changed(campaign_id: int, legislator_id: int) -> None:
    # Each note the team makes is a change of its own.
    event_add("tracker.changed", campaign_id=campaign_id, subject_id=legislator_id,
              key=f"{campaign_id}:{legislator_id}:{uuid.uuid4().hex}")  # fmt: skip


def target_list_save(*, campaign: Campaign, owner: User, name: str) -> TargetList:
    """Keep this letter's offices as a named list for the next letter (replacing a list of
    the same name)."""
    with transaction.atomic():
        saved, _ = TargetList.objects.update_or_create(owner=owner, name=name)
        saved.legislators.set(campaign.targets.values_list("legislator", flat=True))
    return saved


def target_list_apply(*, campaign: Campaign, saved: TargetList) -> int:
    return targets_add(campaign=campaign, legislators=saved.legislators.in_office())
