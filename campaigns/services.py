"""Workflows that span models. Views and tasks call these; they hold the rules."""

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from campaigns.credits import fold_accents
from campaigns.directory import DirectoryError
from campaigns.markdown import render_markdown
from campaigns.models import Campaign, CampaignMember, Invitation, Legislator, LetterVersion

logger = logging.getLogger(__name__)

Role = CampaignMember.Role


def unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "letter"
    slug, n = base, 2
    while Campaign.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def campaign_create(*, owner: User, title: str) -> Campaign:
    campaign = Campaign.objects.create(title=title, slug=unique_slug(title), created_by=owner)
    CampaignMember.objects.create(campaign=campaign, user=owner, role=Role.OWNER)
    return campaign


def publish_problems(campaign: Campaign, *, user: User) -> list[str]:
    """What stands between a draft and publication, in words an organizer can act on."""
    problems = []
    if not campaign.draft_markdown.strip():
        problems.append("Write the letter's text.")
    if not campaign.recipients.exists():
        problems.append("Add at least one recipient.")
    if campaign.deadline is None:
        problems.append("Set a sign-on deadline.")
    elif campaign.deadline_passed:
        problems.append("Move the sign-on deadline into the future.")
    if not campaign.signer_kinds:
        problems.append("Allow at least one kind of signer.")
    if not user.has_verified_email():
        problems.append("Verify your email address.")
    return problems


def campaign_publish(*, campaign: Campaign, user: User) -> LetterVersion:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_draft:
            raise ValidationError("This letter has already been published.")
        problems = publish_problems(campaign, user=user)
        if problems:
            raise ValidationError(problems)
        version = _add_version(campaign, campaign.draft_markdown, author=user, note="First text")
        campaign.status = Campaign.Status.OPEN
        campaign.published_at = timezone.now()
        campaign.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("Published %s (version %s)", campaign.slug, version.number)
    return version


def letter_text_save(
    *, campaign: Campaign, markdown: str, author: User, change_note: str = ""
) -> LetterVersion | None:
    """Save the text: in place while a draft, as a new immutable version once published.

    Returns the new version, or None when nothing was versioned (a draft, or no change).
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.is_draft:
            campaign.draft_markdown = markdown
            campaign.save(update_fields=["draft_markdown", "updated_at"])
            return None
        if not campaign.is_open:
            raise ValidationError("The letter is closed; its text can no longer change.")
        current = campaign.current_version
        if current is not None and current.markdown == markdown:
            return None
        version = _add_version(campaign, markdown, author=author, note=change_note)
    logger.info("New text for %s: version %s", campaign.slug, version.number)
    return version


def _add_version(campaign: Campaign, markdown: str, *, author: User, note: str) -> LetterVersion:
    last = campaign.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return LetterVersion.objects.create(
        campaign=campaign,
        number=last + 1,
        markdown=markdown,
        html=render_markdown(markdown),
        text_sha256=LetterVersion.fingerprint(markdown),
        change_note=note,
        author=author,
    )


def campaign_close(*, campaign_id: int) -> bool:
    """Close an open campaign. Returns False when it was not open (already closed, say)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if not campaign.is_open:
            return False
        campaign.close()
    logger.info("Closed %s", campaign.slug)
    return True


def close_due_campaigns(*, now: datetime | None = None) -> list[str]:
    closed = []
    for campaign in Campaign.objects.due_to_close(now).only("pk", "slug"):
        if campaign_close(campaign_id=campaign.pk):
            closed.append(campaign.slug)
    return closed


# The team ------------------------------------------------------------------------------------


def invitation_create(*, campaign: Campaign, email: str, role: str, invited_by: User) -> Invitation:
    from campaigns.tasks import send_invitation_email

    email = email.strip().lower()
    if campaign.members.filter(user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already on the team.")
    invitation, _ = Invitation.objects.update_or_create(
        campaign=campaign,
        email=email,
        accepted_at=None,
        defaults={"role": role, "invited_by": invited_by},
    )
    transaction.on_commit(partial(send_invitation_email.delay, invitation.pk))
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> CampaignMember:
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted.")
    if invitation.email.lower() != user.email.lower() or not user.has_verified_email():
        raise PermissionDenied(
            f"This invitation is for {invitation.email}. Sign in with that verified address."
        )
    with transaction.atomic():
        try:
            member, _ = CampaignMember.objects.get_or_create(
                campaign=invitation.campaign, user=user, defaults={"role": invitation.role}
            )
        except IntegrityError:  # accepted twice at once: the other request made the row
            member = CampaignMember.objects.get(campaign=invitation.campaign, user=user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return member


def _other_owners(member: CampaignMember) -> bool:
    return (
        CampaignMember.objects.filter(campaign=member.campaign_id, role=Role.OWNER)
        .exclude(pk=member.pk)
        .exists()
    )


def member_set_role(*, member: CampaignMember, role: str) -> None:
    with transaction.atomic():
        # Lock the team so two owners demoting each other at once cannot leave it ownerless.
        list(CampaignMember.objects.select_for_update().filter(campaign=member.campaign_id))
        if member.role == Role.OWNER and role != Role.OWNER and not _other_owners(member):
            raise ValidationError("A campaign needs at least one owner.")
        member.role = role
        member.save(update_fields=["role"])


def member_remove(*, member: CampaignMember) -> None:
    with transaction.atomic():
        list(CampaignMember.objects.select_for_update().filter(campaign=member.campaign_id))
        if member.role == Role.OWNER and not _other_owners(member):
            raise ValidationError("A campaign needs at least one owner.")
        member.delete()


# The directory of Congress ---------------------------------------------------------------------


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
