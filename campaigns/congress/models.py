import re

from django.db import models
from django.db.models import Q

from campaigns.congress.credits import STATE_NAMES, ap_state, fold_accents, party_letter

STATE_CODES_BY_NAME = {name.lower(): code for code, name in STATE_NAMES.items()}


SEAT_PATTERN = re.compile(r"^([A-Za-z]{2})[\s-]*(\d{1,2})$")


class LegislatorQuerySet(models.QuerySet["Legislator"]):
    def in_office(self) -> "LegislatorQuerySet":
        return self.filter(in_office=True)

    def on_committee(self, code: str, side: str | None = None) -> "LegislatorQuerySet":
        """Members of a committee or subcommittee ("HSJU", "HSJU01"), of one side or both."""
        if side is not None and side not in CommitteeMembership.Side.values:
            raise ValueError(f"side must be majority, minority or None, not {side!r}")
        # One filter() call, so the code and the side are matched on the same membership.
        condition = Q(committee_memberships__committee__thomas_id=code.upper())
        if side is not None:
            condition &= Q(committee_memberships__side=side)
        return self.filter(condition)

    def in_leadership(self) -> "LegislatorQuerySet":
        """Members holding a party or chamber leadership post now (`leadership_title`)."""
        return self.exclude(leadership_title="")

    def search(self, query: str) -> "LegislatorQuerySet":
        """Members matching a name, a state (code or name) or a seat such as "CA-19"."""
        query = " ".join(query.split())
        if not query:
            return self.none()
        if seat := SEAT_PATTERN.match(query):
            return self.filter(state=seat[1].upper(), district=int(seat[2]))
        if query.upper() in STATE_NAMES:
            return self.filter(state=query.upper())
        if code := STATE_CODES_BY_NAME.get(query.lower()):
            return self.filter(state=code)
        condition = Q()
        for word in query.replace(",", " ").split():
            folded = fold_accents(word)
            condition &= Q(display_name__icontains=word) | Q(search_name__icontains=folded)
        return self.filter(condition)


class Legislator(models.Model):
    """A Member of Congress, from the public congress-legislators data (keyed by bioguide id)."""

    class Chamber(models.TextChoices):
        HOUSE = "house", "House"
        SENATE = "senate", "Senate"

    bioguide_id = models.CharField(max_length=12, unique=True)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    suffix = models.CharField(max_length=20, blank=True)
    nickname = models.CharField(max_length=100, blank=True)
    official_full = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(
        max_length=200, help_text="The name signer lists print, e.g. 'Nydia Velázquez'."
    )
    display_name_edited = models.BooleanField(
        default=False, help_text="Set when staff edit the display name; imports then keep it."
    )
    # Every name the Member goes by, accents folded, so "velazquez" finds "Nydia M. Velázquez".
    search_name = models.CharField(max_length=400, blank=True, editable=False)

    chamber = models.CharField(max_length=8, choices=Chamber.choices)
    title = models.CharField(max_length=16)
    state = models.CharField(max_length=2)
    district = models.PositiveSmallIntegerField(null=True, blank=True)
    party = models.CharField(max_length=40)
    website_host = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    office_address = models.CharField(max_length=300, blank=True)
    in_office = models.BooleanField(default=True)
    leadership_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The leadership post held now, e.g. 'Speaker of the House', "
        "'Senate Minority Whip' (from the data's leadership_roles).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = LegislatorQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["state", "district"])]

    def __str__(self) -> str:
        return f"{self.title} {self.display_name}, {self.party_letter}-{self.ap_state}"

    @property
    def party_letter(self) -> str:
        return party_letter(self.party)

    @property
    def ap_state(self) -> str:
        return ap_state(self.state)

    @property
    def seat(self) -> str:
        """'CA-19', 'WY at-large', 'Senator for Vermont'-style short seat description."""
        if self.chamber == self.Chamber.SENATE:
            return f"{self.state} Senate"
        if self.district in (None, 0):
            return f"{self.state} at-large"
        return f"{self.state}-{self.district}"


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def current(self) -> "CommitteeQuerySet":
        return self.filter(current=True)


class Committee(models.Model):
    """A House, Senate or joint committee, or one of its subcommittees (congress-legislators'
    committees-current.yaml). A subcommittee's `thomas_id` is its parent's plus its own two
    digits: "HSJU01" is the House Judiciary's subcommittee 01."""

    class Chamber(models.TextChoices):
        HOUSE = "house", "House"
        SENATE = "senate", "Senate"
        JOINT = "joint", "Joint"

    thomas_id = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=300)
    chamber = models.CharField(max_length=8, choices=Chamber.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subcommittees",
        help_text="Empty for a full committee.",
    )
    url = models.URLField(max_length=300, blank=True)
    jurisdiction = models.TextField(blank=True)
    # A committee that left the data is kept (letters may name it) but no longer current.
    current = models.BooleanField(default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["thomas_id"]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent else self.name


class CommitteeMembership(models.Model):
    """A Member's seat on a committee (committee-membership-current.yaml)."""

    class Side(models.TextChoices):
        MAJORITY = "majority", "Majority"
        MINORITY = "minority", "Minority"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    legislator = models.ForeignKey(
        Legislator, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    side = models.CharField(max_length=8, choices=Side.choices)
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Seniority on the side, 1 being its senior Member."
    )
    title = models.CharField(max_length=100, blank=True, help_text="'Chair', 'Ranking Member'...")

    class Meta:
        ordering = ["committee", "side", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "legislator"], name="one_membership_per_committee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.legislator.display_name}, {self.committee.thomas_id} {self.side}"
