"""How fast a Dear Colleague to every office in Congress is queued and delivered.

    python -m bench.outreach [--contacts 3]

Builds a throwaway letter whose tracker holds all 537 sitting Members, each with `--contacts`
staff addresses, composes a Dear Colleague to all of them, and times
1. the send: one transaction writing the messages and their outbox entries, then publishing one
   task per address (to an in-memory broker here, so the publishing is counted, not a network);
2. the delivery: every outbox entry carried out, one after another in this process, over SMTP
   to a local server (aiosmtpd), reported in messages a second.
Removes the letter again.
"""

import argparse
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")
django.setup()

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from campaigns.circulation import services as circulation
from campaigns.circulation.models import OfficeContact
from campaigns.circulation.services import outreach
from campaigns.congress import directory
from campaigns.congress.models import Legislator
from campaigns.congress.services import legislators_import
from campaigns.letters import services
from campaigns.letters.models import Campaign
from cosign.celery import app as celery_app
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.smtp import SMTPServer


def build(contacts: int) -> tuple[Campaign, User]:
    if not Legislator.objects.in_office().exists():
        shipped = settings.LEGISLATORS_DATA_DIR / "legislators-current.yaml"
        legislators_import(records=directory.parse("yaml", shipped.read_bytes())[0], current=True)
    owner, _ = User.objects.get_or_create(email="bench-outreach@cosign.test")
    campaign = services.campaign_create(owner=owner, title="Outreach benchmark")
    campaign.deadline = timezone.now() + timezone.timedelta(days=30)
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    campaign.versions.create(number=1, markdown="x", html="<p>x</p>", text_sha256="0")
    offices = list(Legislator.objects.in_office())
    circulation.targets_add(campaign=campaign, legislators=offices)
    OfficeContact.objects.filter(organizer=owner).delete()
    OfficeContact.objects.bulk_create(
        OfficeContact(
            organizer=owner,
            legislator=office,
            name=f"Staffer {n}",
            email=f"staff{n}.{office.bioguide_id.lower()}@mail.house.gov",
        )
        for office in offices
        for n in range(contacts)
    )
    return campaign, owner


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=3)
    args = parser.parse_args()
    campaign, owner = build(args.contacts)
    message = outreach.dear_colleague_create(
        campaign=campaign, subject="Join our letter", by=owner, attach_pdf=False,
        body_markdown="Dear colleague,\n\nPlease join us in asking the President to act.",
        targets=campaign.targets.all(),
    )  # fmt: skip
    outbox.load_handlers()  # as a web server does when it starts
    # Publish to an in-memory broker: what is timed is our work, not a network round trip.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        start = time.perf_counter()
        queued = outreach.dear_colleague_send(dear_colleague=message, by=owner)
        queue_seconds = time.perf_counter() - start
        print(
            f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: a Dear Colleague to "
            f"{campaign.targets.count()} offices, {queued:,} addresses queued in {queue_seconds:.2f} s"
        )
        entries = list(
            Entry.objects.filter(kind="circulation.dear_colleague_email", sent_at=None)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        start = time.perf_counter()
        for entry_id in entries:
            outbox.send(entry_id)
        seconds = time.perf_counter() - start
        received = len(server.mailbox.messages)
        print(
            f"  delivered {received:,} to a local SMTP server in {seconds:.1f} s by one process: "
            f"{received / seconds:.0f} messages a second"
        )
    finally:
        server.stop()
        Entry.objects.filter(kind="circulation.dear_colleague_email").delete()
        campaign.targets.all().delete()
        campaign.delete()
        OfficeContact.objects.filter(organizer=owner).delete()


if __name__ == "__main__":
    main()
