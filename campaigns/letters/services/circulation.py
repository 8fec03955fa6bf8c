"""Private circulation: a letter shown only through its circulation link until it is released.

Release makes it public for good (its count, signer list and PDF): by an owner, by itself at
`release_at` (beat), or when it is delivered. Each is recorded in the audit trail.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.letters.events import event_add
from campaigns.letters.models import Campaign
from campaigns.letters.services.audit import audit_record

logger = logging.getLogger(__name__)


def campaign_release(*, campaign_id: int, by: User | None = None, source: str = "an owner") -> bool:
    """Make a privately circulating letter public. False when there was nothing to release."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if not campaign.is_private or campaign.is_draft:
            return False
        campaign.released_at = timezone.now()
        campaign.save(update_fields=["released_at", "updated_at"])
        audit_record(
            campaign,
            from_state="circulating privately",
            to_state="released",
            by=by,
            by_label=source,
            reason=f"Released by {by.email}" if by else f"Released {source}",
        )
        event_add("petition.released", campaign_id=campaign.pk, subject_id=campaign.pk,
                  key=str(campaign.pk))  # fmt: skip
    logger.info("Released %s (%s)", campaign.slug, source)
    return True


def release_due_campaigns(*, now: datetime | None = None) -> list[str]:
    released = []
    for campaign in Campaign.objects.due_for_release(now).only("pk", "slug"):
        if campaign_release(campaign_id=campaign.pk, source="at its release time"):
            released.append(campaign.slug)
    return released
