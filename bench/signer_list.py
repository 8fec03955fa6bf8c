"""How long the public signer list and the letter page take with many signers.

    python -m bench.signer_list [--signers 100000]

Builds a throwaway campaign in the configured database (SQLite by default, PostgreSQL with
DATABASE_URL), renders the pages through Django's full request stack in-process, prints the
timings and removes the campaign again.
"""

import argparse
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
from campaigns.congress.credits import AP_STATES
from campaigns.letters import services
from campaigns.letters.models import Campaign, Recipient
from campaigns.signatures import counts
from campaigns.signatures.models import Signature

STATES = list(AP_STATES)[:50]


def build(signers: int) -> Campaign:
    owner, _ = User.objects.get_or_create(email="bench@cosign.test")
    campaign = services.campaign_create(owner=owner, title="Benchmark letter")
    campaign.draft_markdown = "We ask you to act."
    campaign.deadline = django.utils.timezone.now() + django.utils.timezone.timedelta(days=30)
    campaign.save()
    Recipient.objects.create(campaign=campaign, name="The President", address="Washington")
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    version = campaign.versions.create(number=1, markdown="x", html="<p>x</p>", text_sha256="0")
    batch = []
    for i in range(signers):
        senate = i % 5 == 0
        batch.append(
            Signature(
                campaign=campaign, version=version, kind="legislator", status="approved",
                verification="house_email",
                name=f"Member {i}", title="Sen." if senate else "Rep.",
                chamber="senate" if senate else "house", party="DRI"[i % 3],
                state=STATES[i % len(STATES)], sort_name=f"member {i:06}",
                list_group=Signature.Group.SENATE if senate else Signature.Group.HOUSE,
                is_lead=i < 3, lead_position=i if i < 3 else 0,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Signature.objects.bulk_create(batch)
            batch = []
    Signature.objects.bulk_create(batch)
    counts.rebuild(campaign.pk)  # as the demo seed does after a bulk load
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load; the planner needs the statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE signatures_signature")
    return campaign


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.DEBUG = False
    start = time.perf_counter()
    campaign = build(args.signers)
    print(f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
          f"{args.signers:,} signers inserted in {time.perf_counter() - start:.1f} s")  # fmt: skip
    client = Client()
    pages = args.signers // 250 + 1
    try:
        for label, url in [
            ("letter page", f"/letters/{campaign.slug}/"),
            ("signer list, page 1", f"/letters/{campaign.slug}/signers/"),
            ("signer list, middle page", f"/letters/{campaign.slug}/signers/?page={pages // 2}"),
            ("signer list, last page", f"/letters/{campaign.slug}/signers/?page={pages}"),
            ("signer list, one state", f"/letters/{campaign.slug}/signers/?state=CA"),
        ]:
            median, worst, queries = timed(client, url, args.repeat)
            print(f"  {label:28} median {median:7.1f} ms   max {worst:7.1f} ms   {queries} queries")
    finally:
        campaign.signatures.all().delete()
        campaign.delete()


if __name__ == "__main__":
    main()
