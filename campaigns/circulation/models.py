from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from campaigns.congress.models import Legislator
from campaigns.letters.models import Campaign


class OfficeTarget(models.Model):
    """An office the letter's team asks to sign: one row of the tracker."""

    class Status(models.TextChoices):
        NOT_CONTACTED = "not_contacted", "Not contacted"
        ASKED = "asked", "Asked"
        CONSIDERING = "considering", "Considering"
        SIGNED_PENDING = "signed_pending", "Signed, pending confirmation"
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"
        NO_RESPONSE = "no_response", "No response"

    # What the office's own sign-on says overrides what was noted by hand.
    FROM_SIGNATURES = (Status.SIGNED, Status.SIGNED_PENDING)
    # An office still to hear from: the reminders and the digest's "still open".
    OPEN = (Status.NOT_CONTACTED, Status.ASKED, Status.CONSIDERING, Status.NO_RESPONSE)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    legislator = models.ForeignKey(Legislator, on_delete=models.PROTECT, related_name="+")
    # As noted by the team (a phone call, a hallway "yes"); the tracker shows the office's
    # sign-on instead once there is one.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_CONTACTED)
    note = models.CharField(max_length=500, blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    last_contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "legislator"], name="one_target_per_office")
        ]

    def __str__(self) -> str:
        return f"{self.legislator} on {self.campaign}"

    @property
    def shown_label(self) -> str:
        """The tracker's word for the office (see services.tracker for `shown_status`)."""
        return self.Status(getattr(self, "shown_status", self.status)).label


class TargetList(models.Model):
    """A saved list of offices, to ask again for the next letter."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="target_lists"
    )
    name = models.CharField(max_length=200)
    legislators = models.ManyToManyField(Legislator, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_target_list_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class OfficeContact(models.Model):
    """A staffer the team writes to about its letters: the team's own address book, kept by
    the letter's lead organizer (`organizer`) and shared by the teams of their letters.
    Entered by hand, or taken from a sign-on whose signer agreed on the sign form. Contact
    details: the privacy purge removes them like every other."""

    class Source(models.TextChoices):
        BY_HAND = "by_hand", "Entered by the team"
        SIGN_ON = "sign_on", "From a sign-on, with the signer's consent"

    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_contacts"
    )
    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.BY_HAND)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "organizer", "legislator", Lower("email"), name="one_contact_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.legislator})"


class AddressBookOptOut(models.Model):
    """Someone who asked, from a link in an email the team sent, to be taken out of this
    organizer's address book; kept so the team does not type them in again."""

    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Keyed as SignerContact.key_for keys an address: the opt-out keeps no address itself.
    email_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "email_key"], name="one_opt_out_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"An address out of {self.organizer}'s address book"


# Outreach: the Dear Colleague and whom it was sent to ------------------------------------------


class DearColleague(models.Model):
    """A message the team writes to the offices' staff, asking them to sign: composed here,
    sent once to the contacts of the chosen offices."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="dear_colleagues")
    subject = models.CharField(max_length=200)
    body_markdown = models.TextField(max_length=20000)
    attach_pdf = models.BooleanField(default=False)
    # The offices chosen when it was composed; who was written to is its OutreachMessages.
    targets = models.ManyToManyField(OfficeTarget, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class OutreachMessage(models.Model):
    """One address a Dear Colleague went to, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        BOUNCED = "bounced", "Bounced"

    dear_colleague = models.ForeignKey(
        DearColleague, on_delete=models.CASCADE, related_name="messages"
    )
    target = models.ForeignKey(OfficeTarget, on_delete=models.CASCADE, related_name="outreach")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "dear_colleague", Lower("email"), name="one_outreach_message_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dear_colleague} to {self.email}"


# Reminders and the organizers' digest ------------------------------------------------------


class Reminder(models.Model):
    """A nudge to the offices that have not answered and to the sign-ons still unconfirmed, at
    `send_at`. The default ones (`slot`) follow the deadline until someone edits them."""

    class Slot(models.TextChoices):
        THREE_DAYS = "three_days", "Three days before"
        DAY_BEFORE = "day_before", "The day before"
        MORNING_OF = "morning_of", "The morning of the deadline"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    send_at = models.DateTimeField()
    label = models.CharField(max_length=100)
    # Empty for a reminder added by hand.
    slot = models.CharField(max_length=12, choices=Slot.choices, blank=True)
    # Moved by hand: it no longer follows the deadline.
    edited = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When its emails were written to the outbox, which sends each once.
    started_at = models.DateTimeField(null=True, blank=True)
    offices_reminded = models.PositiveIntegerField(default=0)
    sign_ons_reminded = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["send_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "slot"],
                condition=~models.Q(slot=""),
                name="one_default_reminder_per_slot",
            )
        ]
        indexes = [models.Index(fields=["send_at"], name="reminder_send_at")]

    def __str__(self) -> str:
        return f"{self.label} ({self.campaign})"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.started_at is None
