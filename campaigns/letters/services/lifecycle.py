"""Running several letters: duplicating one as a new draft, deleting a draft, archiving a
delivered letter. Each leaves an entry in the audit trail."""

import logging

from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.utils import timezone

from accounts.models import User
from campaigns.errors import Code, ServiceError
from campaigns.letters.models import Campaign, CampaignMember, Recipient
from campaigns.letters.services.audit import audit_record
from campaigns.letters.services.campaigns import unique_slug

logger = logging.getLogger(__name__)

# What a copy keeps of the letter's settings; its dates are checked one by one below.
COPIED_SETTINGS = [
    "summary",
    "letterhead",
    "salutation",
    "closing",
    "contact",
    "sender_name",
    "deliver_at_deadline",
    "time_zone",
    "goal",
    "allows_legislators",
    "allows_organizations",
    "allows_individuals",
    "requires_approval",
    "accepts_unverified",
    "signer_order",
    "credit_style",
    "visibility",
    "signers_see_signers",
    "release_on_delivery",
]
COPIED_RECIPIENT_FIELDS = [
    "name",
    "title",
    "organization",
    "address",
    "email",
    "channel",
    "position",
    "greeting",
]


def copy_title(title: str) -> str:
    suffix = " (copy)"
    return title[: Campaign._meta.get_field("title").max_length - len(suffix)] + suffix  # type: ignore[operator]


@transaction.atomic
def campaign_duplicate(*, campaign: Campaign, by: User) -> Campaign:
    """A new draft with the letter's text, recipients and settings, and `by` as its only
    owner: no signatures, no other teammates, no tracker, no documents."""
    version = campaign.current_version
    copy = Campaign(
        title=copy_title(campaign.title),
        slug=unique_slug(campaign.title),
        created_by=by,
        draft_markdown=version.markdown if version else campaign.draft_markdown,
        **{field: getattr(campaign, field) for field in COPIED_SETTINGS},
    )
    # A date already gone would only stand in the way of publishing the copy.
    now = timezone.now()
    for field in ("deadline", "release_at", "embargo_until"):
        moment = getattr(campaign, field)
        setattr(copy, field, moment if moment and moment > now else None)
    copy.save()
    CampaignMember.objects.create(campaign=copy, user=by, role=CampaignMember.Role.OWNER)
    Recipient.objects.bulk_create(
        Recipient(campaign=copy, **{field: getattr(r, field) for field in COPIED_RECIPIENT_FIELDS})
        for r in campaign.recipients.all()
    )
    audit_record(
        copy,
        from_state="",
        to_state="draft",
        by=by,
        reason=f"Duplicated from “{campaign.title}” ({campaign.slug})",
    )
    audit_record(
        campaign,
        from_state=campaign.status,
        to_state=campaign.status,
        by=by,
        reason=f"Duplicated as “{copy.title}” ({copy.slug})",
    )
    logger.info("%s duplicated %s as %s", by.email, campaign.slug, copy.slug)
    return copy


def draft_contents(campaign: Campaign) -> list[tuple[str, int]]:
    """What deleting the letter takes with it besides itself, as (what, how many)."""
    collector = NestedObjects(using=router.db_for_write(Campaign))
    collector.collect([campaign])
    rows = []
    for objs in collector.model_objs.values():
        meta = next(iter(objs))._meta
        if meta.model is Campaign:
            continue
        name = meta.verbose_name if len(objs) == 1 else meta.verbose_name_plural
        rows.append((str(name), len(objs)))
    return sorted(rows)


def campaign_delete(*, campaign: Campaign, by: User) -> None:
    """Delete a draft and all it holds. Its audit trail goes with it (an entry there would go
    too), so the deletion is written to the log."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_draft:
            raise ServiceError(Code.DELETE_PUBLISHED)
        slug = campaign.slug
        campaign.delete()
    logger.warning("%s deleted the draft %s", by.email, slug)


def campaign_archive(*, campaign: Campaign, by: User) -> None:
    """Off the dashboard's default list; its public page stays as it was."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.DELIVERED:
            raise ServiceError(Code.ARCHIVE_UNDELIVERED)
        campaign.status = Campaign.Status.ARCHIVED
        campaign.save(update_fields=["status", "updated_at"])
        audit_record(
            campaign, from_state="delivered", to_state="archived", by=by, reason="Archived"
        )
    logger.info("%s archived %s", by.email, campaign.slug)
