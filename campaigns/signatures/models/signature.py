from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.congress.credits import ap_state, fold_accents, party_letter
from campaigns.congress.models import Legislator
from campaigns.letters.models.campaign import Campaign, LetterVersion


class SignatureQuerySet(models.QuerySet["Signature"]):
    def counted(self) -> "SignatureQuerySet":
        return self.filter(Signature.counted_q())

    def active(self) -> "SignatureQuerySet":
        return self.filter(status__in=Signature.ACTIVE_STATUSES)

    def on_earlier_text(self, campaign: Campaign) -> "SignatureQuerySet":
        """Signed before the text in force (the last substantive revision), and neither
        re-confirmed since nor kept on the letter by an organizer."""
        in_force = campaign.text_in_force
        if in_force is None:
            return self.none()
        return self.filter(campaign=campaign, version__number__lt=in_force.number).exclude(
            reconfirmations__version__number__gte=in_force.number
        )

    def leads(self) -> "SignatureQuerySet":
        return self.counted().filter(is_lead=True).order_by("lead_position", "sort_name")

    def in_campaign_order(self, campaign: Campaign) -> "SignatureQuerySet":
        """Leads first; then Senators, Representatives, organizations and individuals, each
        group in the campaign's chosen order."""
        order = {
            Campaign.SignerOrder.LAST_NAME: ["sort_name", "id"],
            Campaign.SignerOrder.STATE: ["state", "sort_name", "id"],
            Campaign.SignerOrder.SIGNED_AT: ["created_at", "id"],
        }[Campaign.SignerOrder(campaign.signer_order)]
        return self.order_by("-is_lead", "lead_position", "list_group", *order)


class Signature(models.Model):
    class Kind(models.TextChoices):
        LEGISLATOR = "legislator", "Member of Congress"
        ORGANIZATION = "organization", "Organization"
        INDIVIDUAL = "individual", "Individual"

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Email not yet confirmed"
        CONFIRMED = "confirmed", "Awaiting approval"
        APPROVED = "approved", "Counted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Never confirmed"

    class Verification(models.TextChoices):
        SENATE_OFFICE = "senate_office", "Email from the Senator's office domain"
        HOUSE_EMAIL = "house_email", "House email; office to be confirmed by phone"
        UNVERIFIED = "unverified", "Unverified email domain"
        EMAIL = "email", "Email confirmed"
        ORGANIZER = "organizer", "Added by an organizer"

    class Group(models.IntegerChoices):
        SENATE = 1, "Senate"
        HOUSE = 2, "House of Representatives"
        ORGANIZATIONS = 3, "Organizations"
        INDIVIDUALS = 4, "Individuals"

    ACTIVE_STATUSES = [Status.UNCONFIRMED, Status.CONFIRMED, Status.APPROVED]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(LetterVersion, on_delete=models.PROTECT, related_name="signatures")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    verification = models.CharField(max_length=16, choices=Verification.choices)
    legislator = models.ForeignKey(
        Legislator, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )

    # The public credit, as it stood when they signed.
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=32, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    chamber = models.CharField(max_length=8, blank=True)
    party = models.CharField(max_length=1, blank=True)
    state = models.CharField(max_length=2, blank=True)
    district = models.PositiveSmallIntegerField(null=True, blank=True)
    city = models.CharField(max_length=100, blank=True)
    show_name = models.BooleanField(default=True)
    sort_name = models.CharField(max_length=200, editable=False)
    # Where the signer is listed: Senate, House, organizations, individuals.
    list_group = models.PositiveSmallIntegerField(choices=Group.choices, editable=False)

    attested = models.BooleanField(default=False)
    # The signer's address, keyed (see SignerContact.key_for): it keeps one signature per
    # confirmed address without the address itself. Cleared with the contact details (NULL,
    # which the unique constraint lets repeat).
    email_key = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

    # Set when the signer's contact details (SignerContact) were deleted, at their request or
    # after delivery: the public credit stays, and nobody is emailed any more.
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    is_lead = models.BooleanField(default=False)
    lead_position = models.PositiveSmallIntegerField(default=0)
    featured = models.BooleanField(
        default=False, help_text="Named in the press line: 'Among the N signatures are ...'"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The office had had its day's share of confirmation emails, so none was sent: the sign-on
    # waits for an organizer to confirm it with the office by phone (or for a link tomorrow).
    confirmation_withheld = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.CharField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The signer asked to come off once the list was final (the letter was delivered): the
    # delivered letter stands, and the organizers see the request.
    withdrawal_requested_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        constraints = [
            # The office is the unit, and only a proven sign-on holds it: the first to be
            # counted. Unconfirmed and unapproved sign-ons for one office may coexist, so
            # nobody can block an office with an address they cannot confirm.
            models.UniqueConstraint(
                fields=["campaign", "legislator"],
                condition=Q(status="approved"),
                name="one_counted_signature_per_member",
            ),
            # One signature per confirmed address: a pending one proves nothing yet.
            models.UniqueConstraint(
                fields=["campaign", "email_key"],
                condition=Q(status__in=["confirmed", "approved"]),
                name="one_confirmed_signature_per_email",
            ),
        ]
        indexes = [
            # The signer list: counted signatures of a campaign, in list order.
            models.Index(
                fields=[
                    "campaign",
                    "status",
                    "-is_lead",
                    "lead_position",
                    "list_group",
                    "sort_name",
                ],
                name="signature_list_order",
            ),
            # The API's collections, in id order: a page is found (and the team's list
            # counted) from the index alone.
            models.Index(fields=["campaign", "id"], name="signature_by_campaign_id"),
            models.Index(fields=["campaign", "status", "id"], name="signature_by_status_id"),
        ]

    def __str__(self) -> str:
        return self.credit()

    @staticmethod
    def counted_q(prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": Signature.Status.APPROVED})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_counted(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def awaits_decision(self) -> bool:
        """An organizer may approve it: confirmed by email, or left for a call to the office."""
        return self.status == self.Status.CONFIRMED or (
            self.status == self.Status.UNCONFIRMED and self.confirmation_withheld
        )

    @property
    def contact_email(self) -> str:
        """Where the signer is reached; empty once their contact details are removed."""
        contact = getattr(self, "contact", None)  # None: the row was deleted
        return contact.email if contact is not None else ""

    @property
    def is_unverified(self) -> bool:
        return self.verification == self.Verification.UNVERIFIED

    def set_sort_name(self, last_name: str, first_names: str) -> None:
        self.sort_name = fold_accents(f"{last_name} {first_names}".strip())[:200]

    def credit(self, style: str = Campaign.CreditStyle.AP) -> str:
        """How the signer is printed: 'Rep. Zoe Lofgren, D-Calif.' in AP style."""
        if self.kind == self.Kind.LEGISLATOR:
            name = f"{self.title} {self.name}"
            if style == Campaign.CreditStyle.AP:
                return f"{name}, {self.party}-{ap_state(self.state)}"
            if style == Campaign.CreditStyle.POSTAL:
                return f"{name} ({self.party}-{self.state})"
            return self.name
        name = self.name if self.show_name else "Name withheld"
        place = self.place(style)
        if style == Campaign.CreditStyle.NAME or not place:
            return name
        if style == Campaign.CreditStyle.POSTAL:
            return f"{name} ({place})"
        return f"{name}, {place}"

    def place(self, style: str = Campaign.CreditStyle.AP) -> str:
        if not self.city and not self.state:
            return ""
        state = self.state if style == Campaign.CreditStyle.POSTAL else ap_state(self.state)
        return ", ".join(part for part in (self.city, state) if part)

    def set_list_group(self) -> None:
        if self.kind == self.Kind.LEGISLATOR:
            senate = self.chamber == Legislator.Chamber.SENATE
            self.list_group = self.Group.SENATE if senate else self.Group.HOUSE
        elif self.kind == self.Kind.ORGANIZATION:
            self.list_group = self.Group.ORGANIZATIONS
        else:
            self.list_group = self.Group.INDIVIDUALS

    def snapshot_legislator(self, legislator: Legislator) -> None:
        self.legislator = legislator
        self.name = legislator.display_name
        self.title = legislator.title
        self.chamber = legislator.chamber
        self.party = party_letter(legislator.party)
        self.state = legislator.state
        self.district = legislator.district
        self.set_sort_name(legislator.last_name, legislator.display_name)
        self.set_list_group()


class Milestone(models.Model):
    """A count the letter has reached (100, 1,000, ... or its goal), announced once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    count = models.PositiveIntegerField()
    is_goal = models.BooleanField(default=False)
    reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "count"], name="one_milestone_per_count")
        ]
        ordering = ["count"]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.count:,}"
