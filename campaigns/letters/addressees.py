"""Recipients picked from the directory: a Member, a committee's chair or ranking member, the
leadership, or an executive office, with their name, title, address and greeting filled in.

The directory has only Congress; the executive offices are a short list of our own. Their names
are as of the directory's copy and, like everything filled in here, the organizer can edit them.
"""

import re
from dataclasses import dataclass

from campaigns.congress.models import CommitteeMembership, Legislator
from campaigns.letters.greetings import greeting_for


@dataclass(frozen=True)
class Addressee:
    name: str
    title: str
    organization: str
    address: str
    greeting: str


_WHITE_HOUSE = "The White House\n1600 Pennsylvania Avenue NW\nWashington, DC 20500"

# key: (name, title, department and address, greeting)
EXECUTIVE: dict[str, Addressee] = {
    "president": Addressee(
        "President Donald J. Trump",
        "President of the United States",
        "",
        _WHITE_HOUSE,
        "Mr. President",
    ),
    "vice-president": Addressee(
        "Vice President JD Vance",
        "Vice President of the United States",
        "",
        _WHITE_HOUSE,
        "Mr. Vice President",
    ),
} | {
    key: Addressee(
        f"The Honorable {name}",
        title,
        department,
        address,
        greeting_for(title=title, name=name),
    )
    for key, name, title, department, address in [
        ("state", "Marco Rubio", "Secretary of State", "U.S. Department of State",
         "2201 C Street NW\nWashington, DC 20520"),
        ("treasury", "Scott Bessent", "Secretary of the Treasury", "U.S. Department of the "
         "Treasury", "1500 Pennsylvania Avenue NW\nWashington, DC 20220"),
        ("defense", "Pete Hegseth", "Secretary of Defense", "U.S. Department of Defense",
         "1000 Defense Pentagon\nWashington, DC 20301-1000"),
        ("justice", "Pam Bondi", "Attorney General", "U.S. Department of Justice",
         "950 Pennsylvania Avenue NW\nWashington, DC 20530-0001"),
        ("interior", "Doug Burgum", "Secretary of the Interior", "U.S. Department of the "
         "Interior", "1849 C Street NW\nWashington, DC 20240"),
        ("agriculture", "Brooke Rollins", "Secretary of Agriculture", "U.S. Department of "
         "Agriculture", "1400 Independence Avenue SW\nWashington, DC 20250"),
        ("commerce", "Howard Lutnick", "Secretary of Commerce", "U.S. Department of Commerce",
         "1401 Constitution Avenue NW\nWashington, DC 20230"),
        ("labor", "Lori Chavez-DeRemer", "Secretary of Labor", "U.S. Department of Labor",
         "200 Constitution Avenue NW\nWashington, DC 20210"),
        ("hhs", "Robert F. Kennedy Jr.", "Secretary of Health and Human Services",
         "U.S. Department of Health and Human Services",
         "200 Independence Avenue SW\nWashington, DC 20201"),
        ("hud", "Scott Turner", "Secretary of Housing and Urban Development",
         "U.S. Department of Housing and Urban Development",
         "451 7th Street SW\nWashington, DC 20410"),
        ("transportation", "Sean Duffy", "Secretary of Transportation", "U.S. Department of "
         "Transportation", "1200 New Jersey Avenue SE\nWashington, DC 20590"),
        ("energy", "Chris Wright", "Secretary of Energy", "U.S. Department of Energy",
         "1000 Independence Avenue SW\nWashington, DC 20585"),
        ("education", "Linda McMahon", "Secretary of Education", "U.S. Department of Education",
         "400 Maryland Avenue SW\nWashington, DC 20202"),
        ("veterans", "Doug Collins", "Secretary of Veterans Affairs", "U.S. Department of "
         "Veterans Affairs", "810 Vermont Avenue NW\nWashington, DC 20420"),
        ("homeland", "Kristi Noem", "Secretary of Homeland Security", "U.S. Department of "
         "Homeland Security", "2707 Martin Luther King Jr Avenue SE\nWashington, DC 20528"),
    ]
}  # fmt: skip

# Leadership posts greeted by the post; the others (conference chairs, secretaries) by the seat.
_GREETED_BY_POST = re.compile(r"speaker|leader|whip|president pro tempore", re.I)
_HEADS = ("Chair", "Chairman", "Chairwoman", "Ranking Member")
_DC_ADDRESS = re.compile(r"^(?P<office>.+?),?\s+Washington,?\s+D\.?C\.?\s+(?P<zip>[\d-]+)$")
_SEATS = {"Sen.": "Senator", "Rep.": "Representative", "Del.": "Delegate"}


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The select's groups: the executive, the leadership, committee heads, every Member."""
    members = Legislator.objects.in_office()
    heads = (
        CommitteeMembership.objects.filter(
            committee__parent=None,
            committee__current=True,
            title__in=_HEADS,
            legislator__in_office=True,
        )
        .select_related("committee", "legislator")
        .order_by("committee__name", "side")
    )
    return [
        (
            "The executive",
            [(f"executive:{key}", f"{a.title}: {a.name}") for key, a in EXECUTIVE.items()],
        ),
        (
            "Leadership",
            [
                (f"member:{m.pk}", f"{m.leadership_title}: {m}")
                for m in members.in_leadership().order_by("chamber", "leadership_title")
            ],
        ),
        (
            "Committee chairs and ranking members",
            [(f"seat:{s.pk}", f"{s.committee.name}, {s.title}: {s.legislator}") for s in heads],
        ),
        ("Members of Congress", [(f"member:{m.pk}", str(m)) for m in members]),
    ]


def addressee(key: str) -> Addressee | None:
    """The recipient a choice stands for, or None if it stands for nobody (any longer)."""
    kind, _, value = key.partition(":")
    if kind == "executive":
        return EXECUTIVE.get(value)
    if not value.isdigit():
        return None
    if kind == "member":
        member = Legislator.objects.in_office().filter(pk=value).first()
        if member is None:
            return None
        post = member.leadership_title
        return _member(member, post, by_post=bool(_GREETED_BY_POST.search(post)))
    if kind == "seat":
        seat = (
            CommitteeMembership.objects.filter(pk=value, legislator__in_office=True)
            .select_related("committee", "legislator")
            .first()
        )
        if seat is None:
            return None
        return _member(seat.legislator, f"{seat.title}, {seat.committee.name}", by_post=True)
    return None


def _member(member: Legislator, post: str, *, by_post: bool) -> Addressee:
    """A Member, greeted by their post ("Speaker Johnson", "Chairman Jordan") or their seat
    ("Representative Lofgren")."""
    senate = member.chamber == Legislator.Chamber.SENATE
    if by_post:
        greeting = greeting_for(title=post, name=member.display_name, last_name=member.last_name)
    else:
        greeting = f"{_SEATS.get(member.title, 'Resident Commissioner')} {member.last_name}"
    return Addressee(
        name=f"The Honorable {member.display_name}",
        title=post or ("United States Senator" if senate else "Member of Congress"),
        organization="United States Senate" if senate else "U.S. House of Representatives",
        address=washington_office(member.office_address),
        greeting=greeting,
    )


def washington_office(address: str) -> str:
    """The data's one-line "521 Cannon House Office Building Washington DC 20515-1804" as an
    address block."""
    address = " ".join(address.split())
    if m := _DC_ADDRESS.match(address):
        return f"{m['office']}\nWashington, DC {m['zip']}"
    return address
