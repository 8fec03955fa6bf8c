"""How long the API's signatures collection takes with 100,000 signatures, at any depth.

    python -m bench.api [--signatures 100000]

Builds a throwaway letter in the configured database (PostgreSQL with DATABASE_URL; SQLite
otherwise), nine in ten signatures counted and the rest unconfirmed, each with its signer's
contact details; vacuums and analyzes (what autovacuum does soon after a bulk load: the
visibility map lets a page be located from the index alone). Then it asks for the first, a
middle and the last page of the public list and of the team's (a token with contacts) through
Django's whole request stack in-process, and a deep page by `_links.next`'s keyset; prints the
median and worst server time and the SQL queries per page, and removes the letter again.
"""

import argparse
import gc
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")
django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User
from bench.pages import timed
from campaigns.api import services as api_services
from campaigns.congress.credits import AP_STATES
from campaigns.letters import services
from campaigns.letters.models import Campaign, Recipient
from campaigns.signatures import counts
from campaigns.signatures.models import Signature, SignerContact

STATES = list(AP_STATES)[:50]
PER_PAGE = 100


def build(signatures: int) -> Campaign:
    owner, _ = User.objects.get_or_create(email="bench@cosign.test")
    campaign = services.campaign_create(owner=owner, title="API benchmark letter")
    campaign.draft_markdown = "We ask you to act."
    campaign.deadline = django.utils.timezone.now() + django.utils.timezone.timedelta(days=30)
    campaign.allows_individuals = True
    campaign.save()
    Recipient.objects.create(campaign=campaign, name="The President", address="Washington")
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    version = campaign.versions.create(number=1, markdown="x", html="<p>x</p>", text_sha256="0")
    batch: list[Signature] = []

    def flush() -> None:
        Signature.objects.bulk_create(batch)
        SignerContact.objects.bulk_create(
            SignerContact(signature=s, email=f"{s.sort_name}@example.org", signer_name=s.name)
            for s in batch
        )
        batch.clear()

    for i in range(signatures):
        batch.append(
            Signature(
                campaign=campaign, version=version, kind="individual",
                status="unconfirmed" if i % 10 == 9 else "approved", verification="email",
                name=f"Person {i}", city="Springfield", state=STATES[i % len(STATES)],
                sort_name=f"person{i:06}", list_group=Signature.Group.INDIVIDUALS,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            flush()
    flush()
    counts.rebuild(campaign.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE signatures_signature")
            cursor.execute("VACUUM ANALYZE signatures_signercontact")
    return campaign


def locate_plan(campaign: Campaign, offset: int) -> str:
    """How PostgreSQL finds the first id of a deep page of the team's list."""
    if connection.vendor != "postgresql":
        return "n/a"
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN ANALYZE SELECT id FROM signatures_signature WHERE campaign_id = %s "
            "ORDER BY id OFFSET %s LIMIT 1",
            [campaign.pk, offset],
        )
        lines = [row[0] for row in cursor.fetchall()]
    scan = next((line.strip() for line in lines if "Scan" in line), "?")
    return f"{scan.split('  (')[0]}; {lines[-1].strip()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.DEBUG = False
    settings.API_RATE_LIMITS = {"token": "100000/min", "anonymous": "100000/min"}
    start = time.perf_counter()
    campaign = build(args.signatures)
    print(f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
          f"{args.signatures:,} signatures inserted in {time.perf_counter() - start:.1f} s")  # fmt: skip
    _, secret = api_services.token_create(
        user=campaign.created_by, name="bench", scope="read", contacts=True
    )
    anonymous, team = Client(), Client(headers={"OSDI-API-Token": secret})
    gc.collect()  # the bulk load's garbage, not the pages', would otherwise be collected mid-run
    url = f"/api/v1/petitions/{campaign.slug}/signatures/?per_page={PER_PAGE}"
    counted = campaign.signatures.counted()
    public_pages = -(-counted.count() // PER_PAGE)
    team_pages = -(-campaign.signatures.count() // PER_PAGE)
    deep = counted.order_by("id").values_list("id", flat=True)[counted.count() * 3 // 4]
    try:
        for label, client, query in [
            ("public, page 1", anonymous, "&page=1"),
            (f"public, page {public_pages // 2}", anonymous, f"&page={public_pages // 2}"),
            (f"public, page {public_pages} (last)", anonymous, f"&page={public_pages}"),
            ("public, 3/4 deep by next link", anonymous, f"&page=2&after={deep}"),
            ("team, page 1", team, "&page=1"),
            (f"team, page {team_pages // 2}", team, f"&page={team_pages // 2}"),
            (f"team, page {team_pages} (last)", team, f"&page={team_pages}"),
            ("team, 3/4 deep by next link", team, f"&page=2&after={deep}"),
        ]:
            median, worst, queries = timed(client, url + query, args.repeat)
            print(f"  {label:32} median {median:6.1f} ms   max {worst:6.1f} ms   {queries} queries")
        print(f"  locating the team's last page: {locate_plan(campaign, args.signatures - 50)}")
    finally:
        campaign.signatures.all().delete()
        campaign.delete()


if __name__ == "__main__":
    main()
