"""With a worker per queue (cosign/queues.py), a burst of confirmation emails goes out while a
large letter is still rendering: the emails do not wait behind the render's chunks."""

import time

import pytest
from django.db import transaction

from campaigns.documents import services
from campaigns.documents.models import LetterDocument
from cosign import queues
from cosign.outbox import services as outbox
from tests.factories import add_individuals, make_open_campaign, make_user
from tests.services.conftest import _service_env, wait_until
from tests.smtp import SMTPServer

pytestmark = [pytest.mark.services, pytest.mark.broker, pytest.mark.django_db(transaction=True)]

# The 100,000-signer letter: about 110 s for one worker process on this 2-core machine
# (docs/benchmarks.md), well past the burst; 60,000 left the render nearly done as the last
# email arrived (90 of 92 chunks, the burst took 35 s on RabbitMQ).
RENDERED_SIGNERS = 100_000
BURST = 2000


def test_a_burst_of_confirmation_emails_is_sent_while_a_large_letter_renders(
    media_root, queue, workers
):
    smtp = SMTPServer().start()
    env = {
        **_service_env(media=media_root),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
    }
    workers(env, log_name="queues-pdf", queue=queue, only=queues.PDF)
    workers(env, log_name="queues-emails", queue=queue, only=queues.EMAILS)
    try:
        letter = make_open_campaign(make_user("organizer@example.org"), allows_individuals=True)
        add_individuals(letter, RENDERED_SIGNERS)
        document = services.document_request(campaign=letter)
        wait_until(
            lambda: LetterDocument.objects.filter(pk=document.pk, chunks_done__gte=1).exists(),
            timeout=120,
            what="the rendering to be under way",
        )
        viral = make_open_campaign(make_user("viral@example.org"), allows_individuals=True)
        burst = add_individuals(viral, BURST, status="unconfirmed", email_domain="example.org")

        burst_at = time.monotonic()
        with transaction.atomic():
            outbox.add_many(
                "signatures.confirmation_email",
                [(f"confirmation:{s.pk}", {"signature_id": s.pk}) for s in burst],
            )
        smtp.mailbox.wait_for(BURST, timeout=180)
        burst_took = time.monotonic() - burst_at
        document.refresh_from_db()
    finally:
        smtp.stop()

    assert document.status == "rendering"
    assert document.chunks_done < document.chunks_total
    assert len({str(message["To"]) for message in smtp.mailbox.messages}) == BURST
    print(
        f"\n{BURST} confirmation emails reached the SMTP server in {burst_took:.1f} s, while "
        f"the {RENDERED_SIGNERS:,}-signer letter rendered on the pdf queue "
        f"({document.chunks_done} of {document.chunks_total} chunks done by then)"
    )
