"""Campaign workflows: creating, publishing, revising and closing letters; the team."""

import logging
import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from campaigns.congress.models import Legislator
from campaigns.errors import Blocked, Code, ServiceError
from campaigns.letters.events import event_add
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign, CampaignMember, Invitation, LetterVersion
from campaigns.letters.services.audit import audit_record
from cosign.outbox import services as outbox

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


def publish_problems(campaign: Campaign, *, user: User) -> list[ServiceError]:
    """What stands between a draft and publication, each something an organizer can act on."""
    codes = []
    if not campaign.draft_markdown.strip():
        codes.append(Code.NO_TEXT)
    if not campaign.recipients.exists():
        codes.append(Code.NO_RECIPIENTS)
    if campaign.deadline is None:
        codes.append(Code.NO_DEADLINE)
    elif campaign.deadline_passed:
        codes.append(Code.DEADLINE_PASSED)
    if not campaign.signer_kinds:
        codes.append(Code.NO_SIGNER_KINDS)
    if not user.has_verified_email():
        codes.append(Code.EMAIL_UNVERIFIED)
    return [ServiceError(code) for code in codes]


def campaign_publish(*, campaign: Campaign, user: User) -> LetterVersion:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_draft:
            raise ServiceError(Code.ALREADY_PUBLISHED)
        problems = publish_problems(campaign, user=user)
        if problems:
            raise Blocked(problems)
        version = add_version(campaign, campaign.draft_markdown, author=user, note="First text")
        campaign.status = Campaign.Status.OPEN
        campaign.published_at = timezone.now()
        campaign.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(campaign, from_state="draft", to_state="open", by=user, reason="Published")
        event_add("petition.published", campaign_id=campaign.pk, subject_id=campaign.pk,
                  key=str(campaign.pk))  # fmt: skip
        # The live count starts at zero, before the first signature needs it.
        outbox.add(
            "signatures.rebuild_count",
            key=f"count:{campaign.pk}:published",
            campaign_id=campaign.pk,
        )
    logger.info("Published %s (version %s)", campaign.slug, version.number)
    return version


def letter_text_save(
    *, campaign: Campaign, markdown: str, author: User, change_note: str = ""
) -> None:
    """Save the text: in place while a draft; once published, as the draft of the next
    version, which nobody outside the team sees until an owner publishes it
    (`revision_publish`)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.is_draft:
            campaign.draft_markdown = markdown
            campaign.save(update_fields=["draft_markdown", "updated_at"])
            return
        if not campaign.is_open:
            raise ServiceError(Code.TEXT_CLOSED)
        campaign.revision_markdown = markdown
        campaign.revision_note = change_note
        campaign.save(update_fields=["revision_markdown", "revision_note", "updated_at"])
    logger.info("Drafted the next text of %s", campaign.slug)


def add_version(
    campaign: Campaign,
    markdown: str,
    *,
    author: User,
    note: str,
    kind: str = LetterVersion.Kind.SUBSTANTIVE,
    reconfirm_by: datetime | None = None,
) -> LetterVersion:
    last = campaign.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = LetterVersion.objects.create(
        campaign=campaign,
        number=last + 1,
        markdown=markdown,
        html=render_markdown(markdown),
        text_sha256=LetterVersion.fingerprint(markdown),
        change_note=note,
        kind=kind,
        reconfirm_by=reconfirm_by,
        author=author,
    )
    correction = kind == LetterVersion.Kind.CORRECTION
    audit_record(
        version,
        from_state=f"version {last}" if last else "",
        to_state="published as a correction" if correction else "published",
        by=author,
        reason=note,
    )
    return version


def campaign_close(*, campaign_id: int, by: User | None = None) -> bool:
    """Close an open campaign. Returns False when it was not open (already closed, say)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if not campaign.is_open:
            return False
        campaign.close()
        audit_record(
            campaign,
            from_state="open",
            to_state="closed",
            by=by,
            by_label="the deadline",
            reason="Closed by an organizer" if by else "The sign-on deadline passed",
        )
        # A letter reopened can close again: each closing is its own event.
        event_add("petition.closed", campaign_id=campaign.pk, subject_id=campaign.pk,
                  key=f"{campaign.pk}:{uuid.uuid4().hex}")  # fmt: skip
        # The signature list is final: render the letter as it will be delivered.
        outbox.add(
            "documents.render_letter",
            key=f"render-closed:{campaign.pk}:{uuid.uuid4().hex}",
            campaign_id=campaign.pk,
        )
    logger.info("Closed %s", campaign.slug)
    return True


def close_due_campaigns(*, now: datetime | None = None) -> list[str]:
    closed = []
    for campaign in Campaign.objects.due_to_close(now).only("pk", "slug"):
        if campaign_close(campaign_id=campaign.pk):
            closed.append(campaign.slug)
    return closed


# The team ------------------------------------------------------------------------------------


def invitation_create(
    *,
    campaign: Campaign,
    email: str,
    role: str,
    invited_by: User,
    office: Legislator | None = None,
) -> Invitation:
    email = email.strip().lower()
    if campaign.members.filter(user__email__iexact=email).exists():
        raise ServiceError(Code.ALREADY_ON_TEAM, email=email)
    _check_sitting(office)
    with transaction.atomic():
        invitation, _ = Invitation.objects.update_or_create(
            campaign=campaign,
            email=email,
            accepted_at=None,
            defaults={"role": role, "invited_by": invited_by, "office": office},
        )
        # Inviting the same address again sends the invitation again.
        outbox.add(
            "letters.invitation_email",
            key=f"invitation:{invitation.pk}:{uuid.uuid4().hex}",
            invitation_id=invitation.pk,
        )
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> CampaignMember:
    if invitation.accepted_at is not None:
        raise ServiceError(Code.INVITATION_ACCEPTED)
    if invitation.email.lower() != user.email.lower() or not user.has_verified_email():
        raise ServiceError(Code.INVITATION_NOT_YOURS, email=invitation.email)
    with transaction.atomic():
        try:
            # The office comes from the invitation row, as the owner chose it.
            member, joined = CampaignMember.objects.get_or_create(
                campaign=invitation.campaign,
                user=user,
                defaults={"role": invitation.role, "office": invitation.office},
            )
        except IntegrityError:  # accepted twice at once: the other request made the row
            member = CampaignMember.objects.get(campaign=invitation.campaign, user=user)
            joined = False
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        if joined and member.office_id is not None:
            _co_lead_changed(member.campaign_id, member.office_id)
    return member


def _check_sitting(office: Legislator | None) -> None:
    if office is not None and not office.in_office:
        raise ServiceError(Code.NOT_SITTING)


def _co_lead_changed(campaign_id: int, legislator_id: int) -> None:
    """The office joined the co-leads or may have left them: its signature follows (the
    signatures app reads the team again when the entry is sent)."""
    outbox.add(
        "signatures.co_lead_sync",
        key=f"co-lead:{campaign_id}:{legislator_id}:{uuid.uuid4().hex}",
        campaign_id=campaign_id,
        legislator_id=legislator_id,
    )


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
            raise ServiceError(Code.LAST_OWNER)
        member.role = role
        member.save(update_fields=["role"])


def member_set_office(*, member: CampaignMember, office: Legislator | None) -> None:
    """The office a teammate works for; the office left behind, and the new one, are synced."""
    _check_sitting(office)
    with transaction.atomic():
        locked = CampaignMember.objects.select_for_update().get(pk=member.pk)
        was = locked.office_id
        locked.office = office
        locked.save(update_fields=["office"])
        if was != locked.office_id:
            for legislator_id in (was, locked.office_id):
                if legislator_id is not None:
                    _co_lead_changed(locked.campaign_id, legislator_id)
    member.office = office


def member_remove(*, member: CampaignMember) -> None:
    with transaction.atomic():
        list(CampaignMember.objects.select_for_update().filter(campaign=member.campaign_id))
        if member.role == Role.OWNER and not _other_owners(member):
            raise ServiceError(Code.LAST_OWNER)
        office_id = (
            CampaignMember.objects.filter(pk=member.pk).values_list("office", flat=True).first()
        )
        member.delete()
        if office_id is not None:
            _co_lead_changed(member.campaign_id, office_id)


def member_set_approvals_digest(*, member: CampaignMember, on: bool) -> None:
    CampaignMember.objects.filter(pk=member.pk).update(approvals_digest=on)
    member.approvals_digest = on
