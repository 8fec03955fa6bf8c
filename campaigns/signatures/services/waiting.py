"""Telling the organizers what waits for them: a House sign-on at once (one of them calls the
office back to check it), every sign-on still waiting in a morning digest, one per organizer a
day, from 8 a.m. in the letter's zone and only when something waits."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from campaigns.letters.models import Campaign, CampaignMember
from campaigns.signatures.models import Signature
from cosign.outbox import services as outbox

DIGEST_HOUR = 8
# Letters whose sign-ons an organizer may still approve: the list is final once delivered.
UNDECIDED_LETTERS = [Campaign.Status.OPEN, Campaign.Status.CLOSED]
DECIDERS = [CampaignMember.Role.OWNER, CampaignMember.Role.EDITOR]


def approval_needed_add(signature: Signature) -> None:
    """In the confirmation's transaction: a House sign-on now waiting is emailed at once."""
    if (
        signature.status == Signature.Status.CONFIRMED
        and signature.verification == Signature.Verification.HOUSE_EMAIL
    ):
        outbox.add(
            "signatures.approval_needed_email",
            key=f"approval-needed:{signature.pk}",
            signature_id=signature.pk,
        )


def _waiting_letters() -> "list[int]":
    return list(
        Signature.objects.filter(
            status=Signature.Status.CONFIRMED, campaign__status__in=UNDECIDED_LETTERS
        )
        .values_list("campaign_id", flat=True)
        .distinct()
    )


def approval_digests_due(*, now: datetime | None = None) -> int:
    """Write the morning digest of every organizer who has something waiting and has not
    turned the digest off, once they are past 8 a.m. in that letter's zone. How many."""
    now = now or timezone.now()
    readers = CampaignMember.objects.filter(
        campaign__in=_waiting_letters(), role__in=DECIDERS, approvals_digest=True
    ).values_list("user_id", "campaign__time_zone")
    written = 0
    for user_id, zone in sorted(set(readers)):
        local = timezone.localtime(now, zoneinfo.ZoneInfo(zone))
        if local.hour < DIGEST_HOUR:
            continue
        with transaction.atomic():
            written += outbox.add(
                "signatures.approvals_digest_email",
                key=f"approvals-digest:{user_id}:{local.date().isoformat()}",
                user_id=user_id,
            )
    return written


@dataclass
class Waiting:
    campaign: Campaign
    signatures: list[Signature]


def waiting_for(user_id: int) -> list[Waiting]:
    """What waits for the organizer's approval now, letter by letter (digest on)."""
    letters = Campaign.objects.filter(
        pk__in=_waiting_letters(),
        members__user_id=user_id,
        members__role__in=DECIDERS,
        members__approvals_digest=True,
    ).order_by("title")
    return [
        Waiting(
            campaign=campaign,
            signatures=list(
                campaign.signatures.filter(status=Signature.Status.CONFIRMED).order_by(
                    "confirmed_at"
                )
            ),
        )
        for campaign in letters
    ]
