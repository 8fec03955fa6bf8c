import re

from django.db import models
from django.db.models import Q

from campaigns.congress.credits import STATE_NAMES, ap_state, fold_accents, party_letter

STATE_CODES_BY_NAME = {name.lower(): code for code, name in STATE_NAMES.items()}


SEAT_PATTERN = re.compile(r"^([A-Za-z]{2})[\s-]*(\d{1,2})$")


class LegislatorQuerySet(models.QuerySet["Legislator"]):
    def in_office(self) -> "LegislatorQuerySet":
        return self.filter(in_office=True)

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
