"""How long the office tracker takes for every office in Congress.

    python -m bench.tracker [--repeat 10]

Builds a throwaway letter in the configured database (SQLite by default, PostgreSQL with
DATABASE_URL) whose tracker holds all 537 sitting Members (imported from the shipped directory
if the database has none), a third of them signed or pending and some noted by hand; renders the
tracker page (its rows naming three staff contacts an office) and its CSV through Django's whole request stack in-process as the
letter's owner, prints the server times and removes the letter again.
"""

import argparse
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")
django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from bench.pages import timed
from campaigns.circulation import services as circulation
from campaigns.circulation.models import OfficeContact, OfficeTarget
from campaigns.congress import directory
from campaigns.congress.models import Committee, Legislator
from campaigns.congress.services import committees_import, legislators_import
from campaigns.letters import services
from campaigns.letters.models import Campaign
from campaigns.signatures.models import Signature


def build() -> tuple[Campaign, User]:
    if not Legislator.objects.in_office().exists():
        shipped = settings.LEGISLATORS_DATA_DIR / "legislators-current.yaml"
        legislators_import(records=directory.parse("yaml", shipped.read_bytes())[0], current=True)
    if not Committee.objects.exists():  # the tracker's committee filter lists them
        files = [settings.LEGISLATORS_DATA_DIR / name for name in directory.COMMITTEE_FILES]
        committees, memberships, _ = directory.parse_committees(*(f.read_bytes() for f in files))
        committees_import(committees=committees, memberships=memberships)
    owner, _ = User.objects.get_or_create(email="bench-tracker@cosign.test")
    OfficeContact.objects.filter(organizer=owner).delete()
    campaign = services.campaign_create(owner=owner, title="Tracker benchmark")
    campaign.deadline = timezone.now() + timezone.timedelta(days=30)
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    version = campaign.versions.create(number=1, markdown="x", html="<p>x</p>", text_sha256="0")
    offices = list(Legislator.objects.in_office())
    circulation.targets_add(campaign=campaign, legislators=offices)
    # Three staff contacts an office, as in the Dear Colleague benchmark: each row names them.
    OfficeContact.objects.bulk_create(
        OfficeContact(organizer=owner, legislator=office, name=f"Aide {n}",
                      email=f"aide{n}.{office.bioguide_id.lower()}@mail.house.gov")
        for office in offices for n in range(3)
    )  # fmt: skip
    signatures = []
    for i, office in enumerate(offices[::3]):
        signature = Signature(
            campaign=campaign, version=version, kind="legislator",
            status="approved" if i % 2 else "unconfirmed", verification="house_email",
        )  # fmt: skip
        signature.snapshot_legislator(office)
        signatures.append(signature)
    Signature.objects.bulk_create(signatures)
    noted = list(campaign.targets.order_by("pk").values_list("pk", flat=True))[1::4]
    circulation.targets_set_status(
        campaign=campaign, target_ids=list(noted), status=OfficeTarget.Status.ASKED, by=owner,
        note="Left a message with the scheduler",
    )  # fmt: skip
    if connection.vendor == "postgresql":
        # As autovacuum would in a running site: the rows earlier runs deleted are reclaimed,
        # and the planner knows the rows just made.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return campaign, owner


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.DEBUG = False
    campaign, owner = build()
    client = Client()
    client.force_login(owner)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{engine}: a tracker of {campaign.targets.count()} offices")
    base = f"/dashboard/{campaign.slug}"
    try:
        for label, url in [
            ("tracker page, all offices", f"{base}/offices/"),
            ("tracker page, one status", f"{base}/offices/?status=asked"),
            ("tracker CSV", f"{base}/offices.csv"),
        ]:
            median, worst, queries = timed(client, url, args.repeat)
            print(f"  {label:28} median {median:7.1f} ms   max {worst:7.1f} ms   {queries} queries")
    finally:
        campaign.signatures.all().delete()
        campaign.targets.all().delete()
        campaign.delete()
        OfficeContact.objects.filter(organizer=owner).delete()


if __name__ == "__main__":
    main()
