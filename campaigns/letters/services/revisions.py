"""Revising a published letter, as congressional offices expect: an editor drafts the next
version (`letter_text_save`), the team compares it with the text in force, and an owner
publishes it either as a correction (no change of meaning: recorded in the audit trail and the
version history, nobody emailed) or as a substantive change, which asks every signer of an
earlier text to re-confirm by a date the owner sets."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.errors import Code, ServiceError
from campaigns.letters.models import Campaign, LetterVersion
from campaigns.letters.services.audit import audit_record
from campaigns.letters.services.campaigns import add_version
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Kind = LetterVersion.Kind


def revision_problem(campaign: Campaign) -> ServiceError | None:
    """Why the drafted next version cannot be published, if it cannot."""
    if not campaign.is_open:
        return ServiceError(Code.TEXT_CLOSED)
    if not campaign.revision_markdown.strip():
        return ServiceError(Code.NO_REVISION)
    current = campaign.current_version
    if current is not None and current.markdown == campaign.revision_markdown:
        return ServiceError(Code.REVISION_UNCHANGED)
    return None


def revision_publish(
    *, campaign: Campaign, by: User, kind: str, reconfirm_by: datetime | None = None
) -> LetterVersion:
    """Publish the drafted next version. A substantive change needs a re-confirmation date to
    come; its notices (with the link to re-confirm) are written to the outbox here."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        problem = revision_problem(campaign)
        if problem is not None:
            raise problem
        substantive = kind == Kind.SUBSTANTIVE
        if substantive and (reconfirm_by is None or reconfirm_by <= timezone.now()):
            raise ServiceError(Code.RECONFIRM_BY_PAST)
        version = add_version(
            campaign,
            campaign.revision_markdown,
            author=by,
            note=campaign.revision_note,
            kind=kind,
            reconfirm_by=reconfirm_by if substantive else None,
        )
        campaign.revision_markdown = campaign.revision_note = ""
        campaign.save(update_fields=["revision_markdown", "revision_note", "updated_at"])
        if substantive:
            outbox.add(
                "signatures.version_notices",
                key=f"version-notices:{version.pk}",
                version_id=version.pk,
            )
    logger.info("Published version %s of %s (%s)", version.number, campaign.slug, kind)
    return version


def revision_discard(*, campaign: Campaign, by: User) -> bool:
    """Throw the drafted next version away: the letter reads as it did. False if there was none."""
    with transaction.atomic():
        discarded = (
            Campaign.objects.filter(pk=campaign.pk)
            .exclude(revision_markdown="")
            .update(revision_markdown="", revision_note="")
        )
        if discarded:
            current = campaign.current_version
            audit_record(
                campaign,
                from_state=campaign.status,
                to_state=campaign.status,
                by=by,
                reason="Discarded the draft of the next version"
                + (f"; the letter still reads as version {current.number}" if current else ""),
            )
    campaign.revision_markdown = campaign.revision_note = ""
    return bool(discarded)
