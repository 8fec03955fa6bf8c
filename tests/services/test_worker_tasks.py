"""Tasks run by a real worker process through the broker: commit timing and ids, for real."""

import os
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from campaigns.letters.models import Campaign
from campaigns.letters.tasks import close_due_campaigns
from cosign.celery import app as celery_app
from tests.factories import PASSWORD, make_open_campaign, make_user

# On both brokers (`make test-services` runs these on RabbitMQ too): delivery, commit timing,
# the outbox's dispatch to the queues by kind, results read back.
pytestmark = [pytest.mark.services, pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_the_suite_really_uses_postgres_redis_and_a_worker(celery_worker):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert celery_app.conf.broker_url == (os.environ.get("CELERY_BROKER_URL") or settings.REDIS_URL)
    assert celery_app.conf.broker_url.startswith(("redis://", "amqp://"))
    assert celery_app.conf.result_backend.startswith("redis://")
    assert celery_app.conf.task_always_eager is False
    assert celery_worker.process.poll() is None


def test_signup_email_is_sent_by_the_worker_and_its_link_verifies(client, celery_worker):
    celery_worker.clear_outbox()
    client.post(
        "/accounts/signup/",
        {"name": "Dana", "email": "dana@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    (message,) = celery_worker.wait_for_emails(1)
    assert message["To"] == "dana@example.org"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body)[1]
    client.post(link)
    assert client.get("/dashboard/").status_code == 200


def test_an_invitation_task_reads_its_row_after_commit(client, celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice)
    celery_worker.clear_outbox()
    client.force_login(alice)

    client.post(
        f"/dashboard/{campaign.slug}/team/invite/", {"email": "bob@example.org", "role": "editor"}
    )

    (message,) = celery_worker.wait_for_emails(1)
    assert message["To"] == "bob@example.org"
    assert campaign.title in message["Subject"]


def test_the_worker_closes_campaigns_whose_deadline_passed(celery_worker):
    alice = make_user("alice@example.org")
    due = make_open_campaign(alice, title="Due")
    later = make_open_campaign(alice, title="Later")
    Campaign.objects.filter(pk=due.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    closed = close_due_campaigns.delay().get(timeout=30)

    assert closed == [due.slug]
    assert Campaign.objects.get(pk=due.pk).status == Campaign.Status.CLOSED
    assert Campaign.objects.get(pk=later.pk).status == Campaign.Status.OPEN


def test_a_staffer_signs_and_confirms_with_emails_sent_by_the_worker(client, celery_worker):
    from campaigns.signatures.models import Signature
    from tests.factories import make_legislator

    campaign = make_open_campaign(make_user("alice@example.org"), requires_approval=False)
    make_legislator(
        "S000033", display_name="Bernie Sanders", last_name="Sanders", chamber="senate",
        title="Sen.", state="VT", district=None, party="Independent",
        website_host="sanders.senate.gov",
    )  # fmt: skip
    celery_worker.clear_outbox()
    client.post(
        f"/letters/{campaign.slug}/sign/",
        {"kind": "legislator", "legislator": "S000033", "version": 1, "signer_name": "Alex",
         "signer_title": "LD", "email": "alex@sanders.senate.gov", "phone": "202-224-5141",
         "attested": "on"},
    )  # fmt: skip

    (confirmation,) = celery_worker.wait_for_emails(1)
    body = confirmation.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/letters/[^\s]+/confirm/[^\s]+/)", body)[1]
    client.post(link)

    assert Signature.objects.get().status == "approved"
    emails = celery_worker.wait_for_emails(2)
    assert "You’re on the letter" in emails[-1]["Subject"]
    assert Signature.objects.get().confirmation_sent_at is not None
