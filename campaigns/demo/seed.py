"""The demo: the January 2016 letter to President Obama, signed by 146 Members of the House."""

import csv
import logging
from datetime import date, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.congress import directory
from campaigns.congress.models import Committee, Legislator
from campaigns.congress.services import committees_import, legislators_import
from campaigns.documents import services as documents_services
from campaigns.letters import services as letters_services
from campaigns.letters.deadlines import deadline_at
from campaigns.letters.models import Campaign, Recipient
from campaigns.signatures import counts
from campaigns.signatures.models import Signature, SignerContact

logger = logging.getLogger(__name__)

SLUG = "deportation-raids-2016"
ORGANIZER_EMAIL = "organizer@cosign.test"
ORGANIZER_PASSWORD = "cosign-demo"  # noqa: S105 - a published demo login
SIGNER_GOAL = 146
LETTER_DAY = "2016-01-12"
FIRST_GOVTRACK_ID_OF_2017 = 412670

LEADS = ["L000397", "R000486", "G000535"]  # Lofgren, Roybal-Allard, Gutiérrez
NAMED = ["H000874", "S001156", "V000081", "L000580"]  # Hoyer, Sánchez, Velázquez, Lujan Grisham
# The press line of the 2016 coverage: "Among the 146 signatures are Rep. Zoe Lofgren, ..."
FEATURED = ["L000397", "G000535", "H000874", "S001156", "V000081", "L000580"]

# Used only when LEGISLATORS_DATA_DIR names a folder without the directory's files: the
# Members named in the 2016 coverage.
# fmt: off
BUILT_IN_MEMBERS = [
    ("L000397", "Zoe", "", "Lofgren", "CA", 18, "lofgren", "202-225-3072"),
    ("R000486", "Lucille", "", "Roybal-Allard", "CA", 40, "roybal-allard", "202-225-1766"),
    ("G000535", "Luis", "V.", "Gutiérrez", "IL", 4, "gutierrez", "202-225-8203"),
    ("H000874", "Steny", "H.", "Hoyer", "MD", 5, "hoyer", "202-225-4131"),
    ("S001156", "Linda", "T.", "Sánchez", "CA", 38, "lindasanchez", "202-225-6676"),
    ("V000081", "Nydia", "M.", "Velázquez", "NY", 7, "velazquez", "202-225-2361"),
    ("L000580", "Michelle", "", "Lujan Grisham", "NM", 1, "lujangrisham", "202-225-6316"),
]
# fmt: on
FORMER = {"R000486", "G000535", "L000580"}

STAFF_FIRST = [
    "Maria", "James", "Priya", "Daniel", "Alicia", "Marcus", "Sofia", "Kevin", "Leah", "Andre",
    "Elena", "Thomas", "Grace", "Rafael", "Nina", "Samuel", "Carmen", "Owen", "Jasmine", "Victor",
]  # fmt: skip
STAFF_LAST = [
    "Lopez", "Chen", "Patel", "Okafor", "Brennan", "Nguyen", "Alvarez", "Kim", "Rossi", "Jackson",
    "Haddad", "Murphy", "Ortiz", "Cohen", "Baptiste", "Singh", "Walsh", "Reyes", "Fischer", "Ali",
]  # fmt: skip
STAFF_TITLES = [
    "Legislative Director",
    "Legislative Assistant",
    "Chief of Staff",
    "Senior Policy Advisor",
]

SIGNING_DAYS = 7

RECIPIENT = {
    "name": "President Barack Obama",
    "organization": "The White House",
    "address": "1600 Pennsylvania Avenue NW\nWashington, DC 20500",
    "email": "president@whitehouse.example",
    "channel": Recipient.Channel.EMAIL,
}


def seed(*, data_dir: Path | None = None) -> list[str]:
    """Create whatever part of the demo is missing; a second run changes nothing."""
    data_dir = data_dir or settings.LEGISLATORS_DATA_DIR
    report = [_import_directory(data_dir)]
    organizer = _organizer()
    campaign = Campaign.objects.filter(slug=SLUG).first() or _campaign(organizer)
    added = _signatures(campaign, organizer, _signer_ids(data_dir))
    # The signatures went in all at once, not one change at a time: count them afresh.
    count = counts.rebuild(campaign.pk).tally.total
    report.append(f"Demo letter: /letters/{SLUG}/ with {count} signatures ({added} added now).")
    if not campaign.documents.ready().exists():
        # Through the same task as any letter: in-process here, by a worker with Redis.
        document = documents_services.document_request(campaign=campaign)
        document.refresh_from_db()
        status = document.get_status_display().lower()
        report.append(f"Its PDF: {status}, /letters/{SLUG}/letter.pdf")
    return report


def _import_directory(data_dir: Path) -> str:
    current = data_dir / "legislators-current.yaml"
    historical = data_dir / "legislators-historical.csv"
    if not current.exists():
        records = [_built_in_record(*member) for member in BUILT_IN_MEMBERS]
        legislators_import(
            records=[r for r in records if r["bioguide_id"] not in FORMER], current=True
        )
        legislators_import(
            records=[r for r in records if r["bioguide_id"] in FORMER], current=False
        )
        return f"Directory: {current} not found; loaded {len(records)} built-in Members."
    result = legislators_import(
        records=directory.parse("yaml", current.read_bytes())[0], current=True
    )
    if historical.exists():
        records, _ = directory.parse("csv", historical.read_bytes(), skip_invalid=True)
        legislators_import(records=records, current=False)
    committee_files = [data_dir / name for name in directory.COMMITTEE_FILES]
    if all(path.exists() for path in committee_files):
        committees, memberships, _ = directory.parse_committees(
            *(path.read_bytes() for path in committee_files)
        )
        committees_import(committees=committees, memberships=memberships)
    return (
        f"Directory: {Legislator.objects.in_office().count()} Members in office, from "
        f"{data_dir} ({result.created} new, {result.updated} updated); "
        f"{Committee.objects.current().count()} committees and subcommittees."
    )


def _built_in_record(
    bioguide_id: str, first: str, middle: str, last: str, state: str, district: int, host: str,
    phone: str,
) -> dict[str, object]:  # fmt: skip
    return directory.legislator_fields(
        {
            "bioguide_id": bioguide_id, "first_name": first, "middle_name": middle,
            "last_name": last, "suffix": "", "nickname": "", "official_full": "",
            "type": "rep", "state": state, "district": district, "party": "Democrat",
            "url": f"https://{host}.house.gov", "phone": phone, "address": "",
        }
    )  # fmt: skip


def _organizer() -> User:
    user = User.objects.filter(email=ORGANIZER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(ORGANIZER_EMAIL, ORGANIZER_PASSWORD, name="Demo Organizer")
    EmailAddress.objects.get_or_create(
        user=user, email=ORGANIZER_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user


def _campaign(organizer: User) -> Campaign:
    text = (Path(__file__).parent / "letter.md").read_text()
    with transaction.atomic():
        campaign = letters_services.campaign_create(
            owner=organizer, title="Suspend the deportation raids on Central American families"
        )
        campaign.slug = SLUG
        campaign.summary = (
            "Members of Congress ask President Obama to suspend removal operations against "
            "Central American refugee mothers and children, grant them Temporary Protected "
            "Status, and adopt a comprehensive regional refugee strategy."
        )
        campaign.letterhead = "Congress of the United States"
        campaign.salutation = "Dear President Obama:"
        campaign.letter_date = date(2016, 1, 12)  # as it was sent
        campaign.sender_name = "Office of Rep. Zoe Lofgren"
        campaign.contact = "Alex Rivera, Office of Rep. Zoe Lofgren, 202-225-3072"
        # Close of business, 30 days from today.
        day = timezone.localdate(timezone.now(), campaign.zone) + timedelta(days=30)
        campaign.deadline = deadline_at(day, None, campaign.time_zone)
        campaign.goal = 200
        campaign.save()
        Recipient.objects.create(campaign=campaign, **RECIPIENT)
        letters_services.letter_text_save(campaign=campaign, markdown=text, author=organizer)
        letters_services.campaign_publish(campaign=campaign, user=organizer)
        # It has been circulating a week, as the model letter did: its sign-ons are behind it.
        Campaign.objects.filter(pk=campaign.pk).update(
            published_at=timezone.now() - timedelta(days=SIGNING_DAYS)
        )
    campaign.refresh_from_db()
    return campaign


def _signer_ids(data_dir: Path) -> list[str]:
    """The 146: the leads, the Members the press named, then other House Democrats of 2016.

    Sitting Members come from their terms in the current file. Former ones come from the
    historical file, which lists the latest departures last but carries no dates: a GovTrack id
    below FIRST_ID_OF_2017 means they arrived before 2016 ended.
    """
    chosen = [*LEADS, *NAMED]
    current = data_dir / "legislators-current.yaml"
    if current.exists():
        for person in directory.load_yaml(current.read_text()):
            terms = person["terms"]
            if terms[-1]["type"] == "rep" and any(
                term["type"] == "rep"
                and term.get("party") == "Democrat"
                and term["start"] <= LETTER_DAY <= term["end"]
                for term in terms
            ):
                chosen.append(person["id"]["bioguide"])
    historical = data_dir / "legislators-historical.csv"
    if historical.exists():
        with historical.open(newline="", encoding="utf-8") as rows:
            former = [
                row["bioguide_id"]
                for row in csv.DictReader(rows)
                if row["type"] == "rep"
                and row["party"] == "Democrat"
                and row["url"]
                and row["govtrack_id"].isdigit()
                and int(row["govtrack_id"]) < FIRST_GOVTRACK_ID_OF_2017
            ]
        chosen.extend(reversed(former))
    return list(dict.fromkeys(chosen))[:SIGNER_GOAL]


def _signatures(campaign: Campaign, organizer: User, bioguide_ids: list[str]) -> int:
    version = campaign.versions.order_by("number").first()
    assert version is not None
    members = Legislator.objects.in_bulk(bioguide_ids, field_name="bioguide_id")
    already = set(campaign.signatures.values_list("legislator__bioguide_id", flat=True))
    start = campaign.published_at or timezone.now()
    # The sign-ons are spread from publication until now, each confirmed and approved before
    # the next: no time in the future.
    step = (timezone.now() - start) / (len(bioguide_ids) + 1)
    new = []
    signed_times = []
    for index, bioguide_id in enumerate(bioguide_ids):
        member = members.get(bioguide_id)
        if member is None or bioguide_id in already:
            continue
        first = STAFF_FIRST[index % len(STAFF_FIRST)]
        last = STAFF_LAST[(index * 7) % len(STAFF_LAST)]
        signed = start + step * (index + 1)
        signed_times.append(signed)
        signature = Signature(
            campaign=campaign,
            version=version,
            kind=Signature.Kind.LEGISLATOR,
            status=Signature.Status.APPROVED,
            verification=Signature.Verification.HOUSE_EMAIL,
            attested=True,
            is_lead=bioguide_id in LEADS,
            featured=bioguide_id in FEATURED,
            lead_position=LEADS.index(bioguide_id) if bioguide_id in LEADS else 0,
            confirmed_at=signed + step * 0.1,
            decided_at=signed + step * 0.5,
            decided_by=organizer,
        )
        signature.snapshot_legislator(member)
        email = f"{first}.{last}.{member.bioguide_id}@mail.house.gov".lower()
        signature.email_key = SignerContact.key_for(email)
        contact = SignerContact(
            email=email,
            signer_name=f"{first} {last}",
            signer_title=STAFF_TITLES[index % len(STAFF_TITLES)],
            phone=member.phone,
        )
        new.append((signature, contact))
    created = Signature.objects.bulk_create([signature for signature, _contact in new])
    for signature, contact in new:
        contact.signature = signature
    SignerContact.objects.bulk_create([contact for _signature, contact in new])
    # created_at is set on insert; spread it over the sign-on period, as real sign-ons would be.
    for (signature, _contact), signed_at in zip(new, signed_times, strict=True):
        signature.created_at = signed_at
    Signature.objects.bulk_update(created, ["created_at"])
    return len(created)
