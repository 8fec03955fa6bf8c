"""Reminders to the offices that have not answered, and the organizers' daily digest.

Each reminder is sent once: marking it started and writing its emails to the outbox happen in
one transaction, and each email's outbox key names the reminder and its recipient, so a beat or
a worker restarting around the due moment can neither skip it nor send it twice.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.models import User
from campaigns.circulation.models import OfficeTarget, Reminder
from campaigns.circulation.services.outreach import address_book
from campaigns.circulation.services.standing import tracker
from campaigns.errors import Code, ServiceError
from campaigns.letters.deadlines import format_deadline
from campaigns.letters.models import Campaign
from campaigns.signatures.models import Signature
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry

Slot = Reminder.Slot
# (days before the deadline's local date, local time)
DEFAULTS = {
    Slot.THREE_DAYS: (3, time(10, 0)),
    Slot.DAY_BEFORE: (1, time(10, 0)),
    Slot.MORNING_OF: (0, time(9, 0)),
}
DIGEST_HOUR = 8  # local time of the letter's zone
SCHEDULED = (Campaign.Status.DRAFT, Campaign.Status.OPEN)


def default_times(campaign: Campaign) -> dict[str, datetime]:
    """When each default reminder falls, in the letter's zone; only those before the deadline."""
    if campaign.deadline is None:
        return {}
    day = timezone.localtime(campaign.deadline, campaign.zone).date()
    times = {
        slot: datetime.combine(day - timedelta(days=days), at, tzinfo=campaign.zone)
        for slot, (days, at) in DEFAULTS.items()
    }
    return {slot: at for slot, at in times.items() if at < campaign.deadline}


def reminders_schedule_defaults(*, campaign: Campaign, now: datetime | None = None) -> int:
    """Create the default reminders of a letter with a deadline and targets, or move them with
    the deadline. Edited, cancelled and started ones stay as they are; one that would now fall
    in the past is dropped rather than sent late. Idempotent. How many were created."""
    now = now or timezone.now()
    wanted: dict[str, datetime] = {}
    if campaign.status in SCHEDULED and campaign.targets.exists():
        wanted = default_times(campaign)
    created = 0
    with transaction.atomic():
        existing = {
            reminder.slot: reminder
            for reminder in Reminder.objects.select_for_update()
            .filter(campaign=campaign)
            .exclude(slot="")
        }
        for slot in Slot:
            reminder, at = existing.get(slot), wanted.get(slot)
            if reminder is None:
                if at is not None and at > now:
                    created += len(
                        Reminder.objects.bulk_create(
                            [Reminder(campaign=campaign, slot=slot, label=slot.label, send_at=at)],
                            ignore_conflicts=True,
                        )
                    )
            elif reminder.edited or not reminder.is_pending or reminder.send_at == at:
                continue
            elif at is None or at <= now:
                reminder.delete()
            else:
                reminder.send_at = at
                reminder.save(update_fields=["send_at"])
    return created


def reminders(campaign: Campaign) -> QuerySet[Reminder]:
    return Reminder.objects.filter(campaign=campaign)


def _check_time(campaign: Campaign, send_at: datetime) -> None:
    if send_at <= timezone.now():
        raise ServiceError(Code.REMINDER_PAST)
    if campaign.deadline is not None and send_at >= campaign.deadline:
        raise ServiceError(Code.REMINDER_AFTER_DEADLINE)


def local_moment(campaign: Campaign, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=campaign.zone)


def reminder_add(*, campaign: Campaign, send_at: datetime, label: str, by: User) -> Reminder:
    _check_time(campaign, send_at)
    return Reminder.objects.create(
        campaign=campaign, send_at=send_at, label=label or "Reminder", created_by=by
    )


def reminder_edit(*, reminder: Reminder, send_at: datetime, label: str) -> None:
    """Move a reminder still to come; a default one stops following the deadline."""
    if not reminder.is_pending:
        raise ServiceError(Code.REMINDER_DONE)
    _check_time(reminder.campaign, send_at)
    updated = Reminder.objects.filter(pk=reminder.pk, started_at=None, cancelled_at=None).update(
        send_at=send_at, label=label or reminder.label, edited=True
    )
    if not updated:  # it went out meanwhile
        raise ServiceError(Code.REMINDER_DONE)
    reminder.refresh_from_db()


def reminder_cancel(*, reminder: Reminder) -> None:
    cancelled = Reminder.objects.filter(pk=reminder.pk, started_at=None, cancelled_at=None).update(
        cancelled_at=timezone.now()
    )
    if not cancelled:
        raise ServiceError(Code.REMINDER_DONE)
    reminder.refresh_from_db()


def open_targets(campaign: Campaign) -> QuerySet[OfficeTarget]:
    """The offices still to hear from, by what the tracker shows: one that signed is not."""
    return tracker(campaign).filter(shown_status__in=OfficeTarget.OPEN)  # type: ignore[misc]


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder that is due, of every open letter, once. How many went out."""
    now = now or timezone.now()
    # The letters app cannot call us when a deadline moves: the defaults catch up here, before
    # anything is sent.
    for campaign in (
        Campaign.objects.open()
        .filter(Q(targets__isnull=False) | Q(reminders__isnull=False))
        .distinct()
    ):
        reminders_schedule_defaults(campaign=campaign, now=now)
    due = Reminder.objects.filter(
        send_at__lte=now,
        cancelled_at=None,
        started_at=None,
        campaign__status=Campaign.Status.OPEN,
    ).order_by("send_at")
    return sum(reminder_send(reminder_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> bool:
    """Mark the reminder started and write its emails, in one transaction. False when another
    run got there first, or it was cancelled meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Reminder.objects.filter(
            pk=reminder_id, started_at=None, cancelled_at=None
        ).update(started_at=now)
        if not claimed:
            return False
        reminder = Reminder.objects.select_related("campaign").get(pk=reminder_id)
        campaign = reminder.campaign
        targets = {target.legislator_id: target for target in open_targets(campaign)}
        book = address_book(campaign=campaign, legislator_ids=list(targets))
        offices: list[tuple[str, dict[str, Any]]] = []
        for contact in (contact for contacts in book.values() for contact in contacts):
            target = targets[contact.legislator_id]
            email = contact.email.lower()
            offices.append(
                (
                    f"reminder:{reminder.pk}:office:{target.pk}:{email}",
                    {"reminder_id": reminder.pk, "target_id": target.pk, "email": contact.email},
                )
            )
        sign_ons = [
            (
                f"reminder:{reminder.pk}:signature:{signature_id}",
                {"reminder_id": reminder.pk, "signature_id": signature_id},
            )
            for signature_id in Signature.objects.filter(
                campaign=campaign, status=Signature.Status.UNCONFIRMED
            ).values_list("pk", flat=True)
        ]
        outbox.add_many("circulation.reminder_email", offices)
        outbox.add_many("circulation.reminder_confirm", sign_ons)
        Reminder.objects.filter(pk=reminder.pk).update(
            offices_reminded=len({key.rsplit(":", 1)[0] for key, _ in offices}),
            sign_ons_reminded=len(sign_ons),
        )
    return True


def letter_path(campaign: Campaign) -> str:
    """Where the email's reader opens the letter: a private one through its circulation link."""
    if campaign.is_private:
        return reverse("letters:circulation_link", args=[campaign.circulation_key])
    return campaign.get_absolute_url()


def format_local(moment: datetime, campaign: Campaign) -> str:
    """'10 a.m. EST, Tuesday, December 1', in the letter's zone."""
    return dateformat.format(timezone.localtime(moment, campaign.zone), "P T, l, F j")


# The digest --------------------------------------------------------------------------------


def digests_send_due(*, now: datetime | None = None) -> int:
    """Once a day from 8 a.m. in each letter's zone, a digest to the team of every letter
    circulating (open, with targets). How many were written."""
    now = now or timezone.now()
    written = 0
    for campaign in Campaign.objects.open().filter(targets__isnull=False).distinct():
        local = timezone.localtime(now, campaign.zone)
        if local.hour < DIGEST_HOUR:
            continue
        prefix = f"digest:{campaign.pk}:"
        previous = (
            Entry.objects.filter(key__startswith=prefix)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        since = previous or now - timedelta(hours=24)
        with transaction.atomic():
            written += outbox.add(
                "circulation.digest_email",
                key=f"{prefix}{local.date().isoformat()}",
                campaign_id=campaign.pk,
                since=since.isoformat(),
                until=now.isoformat(),
            )
    return written


@dataclass
class Digest:
    campaign: Campaign
    since: datetime
    until: datetime
    new_signers: list[Signature]
    declines: list[OfficeTarget]
    still_open: list[OfficeTarget]
    next_reminder: Reminder | None
    deadline: str

    @property
    def next_reminder_at(self) -> str:
        if self.next_reminder is None:
            return ""
        return format_local(self.next_reminder.send_at, self.campaign)


def digest(*, campaign: Campaign, since: datetime, until: datetime) -> Digest:
    return Digest(
        campaign=campaign,
        since=since,
        until=until,
        new_signers=list(
            Signature.objects.filter(
                campaign=campaign,
                created_at__gte=since,
                created_at__lt=until,
                status__in=[
                    Signature.Status.UNCONFIRMED,
                    Signature.Status.CONFIRMED,
                    Signature.Status.APPROVED,
                ],
            ).order_by("created_at")
        ),
        declines=list(
            tracker(campaign)
            .filter(
                status=OfficeTarget.Status.DECLINED,
                last_contact_at__gte=since,
                last_contact_at__lt=until,
            )
            .order_by("legislator__last_name")
        ),
        still_open=list(
            open_targets(campaign).order_by("legislator__state", "legislator__last_name")
        ),
        next_reminder=Reminder.objects.filter(
            campaign=campaign, cancelled_at=None, started_at=None, send_at__gte=until
        ).first(),
        deadline=format_deadline(campaign.deadline, campaign.time_zone)
        if campaign.deadline
        else "",
    )
