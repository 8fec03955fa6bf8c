import hashlib
import secrets
import zoneinfo
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from campaigns.congress.models import Legislator, LegislatorQuerySet
from campaigns.letters.deadlines import US_TIME_ZONES
from campaigns.letters.greetings import compose_salutation, greeting_for

if TYPE_CHECKING:
    from accounts.models import User


def new_circulation_key() -> str:
    return secrets.token_urlsafe(24)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def public(self) -> "CampaignQuerySet":
        """Published: out of draft. Their pages exist, though a private one shows them only to
        whoever has its circulation link (see `listed`)."""
        return self.exclude(status__in=[Campaign.Status.DRAFT])

    def listed(self) -> "CampaignQuerySet":
        """What the public may see: published, and public or released."""
        return self.public().exclude(
            visibility=Campaign.Visibility.PRIVATE, released_at__isnull=True
        )

    def due_for_release(self, now: datetime | None = None) -> "CampaignQuerySet":
        return self.public().filter(
            visibility=Campaign.Visibility.PRIVATE,
            released_at__isnull=True,
            release_at__lte=now or timezone.now(),
        )

    def open(self) -> "CampaignQuerySet":
        return self.filter(status=Campaign.Status.OPEN)

    def due_to_close(self, now: datetime | None = None) -> "CampaignQuerySet":
        return self.open().filter(deadline__lte=now or timezone.now())

    def for_member(self, user: "User") -> "CampaignQuerySet":
        return self.filter(members__user=user)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for signatures"
        CLOSED = "closed", "Closed"
        DELIVERED = "delivered", "Delivered"
        ARCHIVED = "archived", "Archived"

    # Archived by its owners after delivery: for everything else it is still delivered.
    DELIVERED_STATES = (Status.DELIVERED, Status.ARCHIVED)

    class SignerOrder(models.TextChoices):
        LAST_NAME = "last_name", "By last name"
        STATE = "state", "By state, then last name"
        SIGNED_AT = "signed_at", "In the order they signed"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "A public campaign: listed, with its count and signers for all"
        PRIVATE = "private", "Circulating privately among offices until it is released"

    class CreditStyle(models.TextChoices):
        AP = "ap", "AP style: Rep. Zoe Lofgren, D-Calif."
        POSTAL = "postal", "Postal: Rep. Zoe Lofgren (D-CA)"
        NAME = "name", "Name only: Zoe Lofgren"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(
        max_length=600,
        blank=True,
        help_text="One or two sentences for the list of letters and for link previews.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)

    letterhead = models.CharField(
        max_length=200,
        blank=True,
        help_text='Printed at the top of the letter, e.g. "Congress of the United States".',
    )
    salutation = models.CharField(
        max_length=200,
        blank=True,
        help_text='e.g. "Dear President Obama:". Left empty, it is composed from the recipients.',
    )
    letter_date = models.DateField(
        "Date on the letter",
        null=True,
        blank=True,
        help_text="Left empty, the letter is dated the day it is delivered.",
    )
    sender_name = models.CharField(
        "Sent by",
        max_length=100,
        blank=True,
        help_text='The name recipients see the letter come from, e.g. "Office of Rep. Zoe '
        'Lofgren". It is sent from our own address; replies go to the organizers.',
    )
    closing = models.CharField(max_length=100, default="Sincerely,")
    contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who co-signers can ask about the letter, e.g. a staffer's name and phone.",
    )

    deadline = models.DateTimeField(null=True, blank=True)
    deliver_at_deadline = models.BooleanField(
        default=False,
        help_text="At the deadline: close the letter, render it and deliver it, unattended.",
    )
    time_zone = models.CharField(max_length=64, choices=US_TIME_ZONES, default="America/New_York")
    goal = models.PositiveIntegerField(null=True, blank=True)

    allows_legislators = models.BooleanField("Members of Congress may sign", default=True)
    allows_organizations = models.BooleanField("Organizations may sign", default=False)
    allows_individuals = models.BooleanField("Individuals may sign", default=False)
    requires_approval = models.BooleanField(
        "Signatures need an organizer's approval",
        default=True,
        help_text="House sign-ons always need approval: a mail.house.gov address does not "
        "identify the office.",
    )
    accepts_unverified = models.BooleanField(
        "Accept Member sign-ons from other email domains",
        default=False,
        help_text="They are marked unverified wherever they appear.",
    )
    signer_order = models.CharField(
        max_length=12, choices=SignerOrder.choices, default=SignerOrder.LAST_NAME
    )
    credit_style = models.CharField(
        max_length=8, choices=CreditStyle.choices, default=CreditStyle.AP
    )

    # Private circulation: the letter and sign pages open only through the circulation link
    # (or to the team) until the letter is released, by an owner, at `release_at`, or when it
    # is delivered.
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    circulation_key = models.CharField(
        max_length=40, unique=True, default=new_circulation_key, editable=False
    )
    signers_see_signers = models.BooleanField(
        "Signers may see who else has signed",
        default=False,
        help_text="While circulating privately: the signer list and count, for those who have "
        "the link.",
    )
    release_at = models.DateTimeField(
        null=True, blank=True, help_text="Release the letter by itself at this time."
    )
    release_on_delivery = models.BooleanField(
        "Release when delivered", default=True, help_text="Make it public once it is delivered."
    )
    embargo_until = models.DateTimeField(
        null=True, blank=True, help_text="Shown on the press page: not to be reported before."
    )
    released_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    # Work in progress before the first publication; afterwards the text lives in versions.
    draft_markdown = models.TextField(blank=True, max_length=100_000)
    # The next version, drafted by an editor once the letter is published: not public until an
    # owner publishes it, as a correction or as a substantive change. Empty: none drafted.
    revision_markdown = models.TextField(blank=True, max_length=100_000)
    revision_note = models.CharField(max_length=300, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signatures:letter", args=[self.slug])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_private(self) -> bool:
        """Circulating privately and not yet released: the public sees nothing of it."""
        return self.visibility == self.Visibility.PRIVATE and self.released_at is None

    @property
    def is_delivered(self) -> bool:
        return self.status in self.DELIVERED_STATES

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def deadline_passed(self) -> bool:
        return self.deadline is not None and self.deadline <= timezone.now()

    @property
    def accepting_signatures(self) -> bool:
        # Beat closes campaigns within a minute of the deadline; this covers that minute and
        # deployments that run no beat at all.
        return self.is_open and not self.deadline_passed

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @cached_property
    def current_version(self) -> "LetterVersion | None":
        # Cached for the life of this instance (one request): the services that add a version
        # work on a freshly loaded campaign.
        return self.versions.order_by("-number").first()

    @cached_property
    def text_in_force(self) -> "LetterVersion | None":
        """The latest version that changed the letter's meaning (the first text, or a
        substantive revision): a signature of an earlier one stands on an earlier text."""
        return self.versions.filter(kind=LetterVersion.Kind.SUBSTANTIVE).order_by("-number").first()

    @property
    def signer_kinds(self) -> list[str]:
        kinds = []
        if self.allows_legislators:
            kinds.append("legislator")
        if self.allows_organizations:
            kinds.append("organization")
        if self.allows_individuals:
            kinds.append("individual")
        return kinds

    def default_salutation(self) -> str:
        return self.salutation or self.composed_salutation()

    def composed_salutation(self) -> str:
        """The greeting the recipients call for: "Dear Speaker Johnson and Leader Jeffries:"."""
        return compose_salutation([recipient.greets for recipient in self.recipients.all()])

    def dated(self) -> date | None:
        """The date printed on the letter: the one set, else the day it was delivered."""
        if self.letter_date:
            return self.letter_date
        if self.delivered_at:
            return timezone.localtime(self.delivered_at, self.zone).date()
        return None

    def co_lead_offices(self) -> LegislatorQuerySet:
        """The offices its team works for: the letter's co-leads, printed first."""
        return Legislator.objects.filter(
            pk__in=self.members.filter(office__isnull=False).values("office")
        )

    def is_co_lead(self, legislator_id: int) -> bool:
        return self.members.filter(office_id=legislator_id).exists()

    def close(self) -> None:
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at", "updated_at"])


class LetterVersion(models.Model):
    """One published text of a letter. Never changed once written: edits make a new version."""

    class Kind(models.TextChoices):
        SUBSTANTIVE = "substantive", "Substantive change"
        CORRECTION = "correction", "Correction"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    markdown = models.TextField()
    html = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    change_note = models.CharField(max_length=300, blank=True)
    # A correction changes no meaning: nobody is asked anything. A substantive change asks the
    # signers of earlier texts to re-confirm by `reconfirm_by`.
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SUBSTANTIVE)
    reconfirm_by = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_number_per_version")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.campaign} v{self.number}"

    @staticmethod
    def fingerprint(markdown: str) -> str:
        return hashlib.sha256(markdown.encode()).hexdigest()


class Recipient(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PRINT = "print", "Print and deliver by hand or courier"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    greeting = models.CharField(
        max_length=200,
        blank=True,
        help_text='How the letter greets them, e.g. "Speaker Johnson" or "Mr. President". Left '
        "empty, it follows from the title and name.",
    )
    organization = models.CharField(max_length=200, blank=True)
    address = models.TextField("postal address", max_length=1000, blank=True)
    email = models.EmailField(blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PRINT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.channel == self.Channel.EMAIL and not self.email:
            raise ValidationError({"email": "An email recipient needs an email address."})
        if self.channel == self.Channel.PRINT and not self.address.strip():
            raise ValidationError(
                {"address": "A printed letter needs a postal address to be delivered to."}
            )

    @property
    def greets(self) -> str:
        return self.greeting or greeting_for(title=self.title, name=self.name)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]
