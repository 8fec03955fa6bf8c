"""Delivery through real worker processes to a real SMTP server, while things go wrong."""

import threading
import uuid

import pytest

from campaigns.delivery import services as delivery_services
from campaigns.delivery.models import Delivery, DeliveryEvent
from campaigns.documents import services as documents_services
from campaigns.documents.models import LetterDocument
from campaigns.errors import ServiceError
from campaigns.letters import services as letters_services
from campaigns.letters.models import Recipient
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user
from tests.services.conftest import _service_env, drop_queued, queued, stop_worker, wait_until
from tests.smtp import SMTPServer, free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WHITE_HOUSE = "president@whitehouse.example"


@pytest.fixture
def worker_env(media_root):
    def env(smtp_port: int, **overrides: str) -> dict[str, str]:
        return {
            **_service_env(media=media_root),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            "DELIVERY_RETRY_SECONDS": "1",
            "DELIVERY_LEASE_SECONDS": "4",
            "DELIVERY_SWEEP_AFTER_SECONDS": "2",
            "DELIVERY_SWEEP_EVERY_SECONDS": "1",
            **overrides,
        }

    return env


def ready_letter():
    """An open letter with two Members, an email recipient, and its PDF rendered by a worker."""
    alice = make_user(f"alice-{uuid.uuid4().hex[:6]}@example.org")
    campaign = make_open_campaign(alice)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email=WHITE_HOUSE)
    add_signature(campaign, make_legislator("L000397"), is_lead=True, lead_position=1)
    add_signature(campaign, make_legislator("H000874", last_name="Hoyer", state="MD"))
    document = documents_services.document_request(campaign=campaign)
    wait_until(
        lambda: LetterDocument.objects.get(pk=document.pk).is_ready, what="the PDF", timeout=90
    )
    return campaign, alice


def delivery_of(campaign) -> Delivery:
    return Delivery.objects.get(campaign=campaign)


def wait_until_settled(worker, queue: str) -> None:
    """Until nothing more can happen: the worker (these tests' only one, without beat) runs,
    holds and schedules no task, and none waits in the queue, twice in a row. Any second
    attempt or stray copy would be one of those tasks, so this waits for it to have run."""
    for _ in range(2):
        worker.wait_until_idle()
        wait_until(lambda: queued(queue) == 0, what="an empty queue")


@pytest.mark.broker  # retries with a countdown, on RabbitMQ too
def test_smtp_down_then_up_delivers_exactly_once_with_the_pdf(queue, worker_env, workers):
    port = free_port()  # nothing listens there yet
    worker = workers(worker_env(port), log_name="delivery-smtp-down", queue=queue)
    campaign, alice = ready_letter()

    delivery_services.delivery_start(campaign=campaign, by=alice)
    # Refused and recorded: an attempt counted but not yet connecting could reach the server.
    wait_until(
        lambda: (
            DeliveryEvent.objects.filter(delivery__campaign=campaign, kind="retry").count() >= 2
        ),
        what="two refused attempts",
    )
    server = SMTPServer(port).start()
    try:
        wait_until(lambda: delivery_of(campaign).status == "sent", what="the delivery")
        wait_until_settled(worker, queue)  # any stray second copy has been sent by now
        delivery = delivery_of(campaign)
        [message] = server.mailbox.to(WHITE_HOUSE)
    finally:
        server.stop()
    assert message["Message-ID"] == delivery.message_id
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert delivery.attempts >= 3
    retries = delivery.events.filter(kind="retry")
    assert retries.count() == delivery.attempts - 1
    assert "refused the connection" in retries.first().detail


def test_a_worker_killed_while_sending_is_relieved_after_its_lease(queue, worker_env, workers):
    server = SMTPServer().start()
    server.mailbox.stall.set()  # hold the message at DATA, so the worker is caught sending
    first = workers(worker_env(server.port), log_name="delivery-killed", queue=queue)
    campaign, alice = ready_letter()
    try:
        delivery_services.delivery_start(campaign=campaign, by=alice)
        assert server.mailbox.stalled.wait(60), "the worker never reached DATA"
        assert delivery_of(campaign).status == "sending"

        stop_worker(first, kill=True)  # SIGKILL, mid-conversation
        server.mailbox.stall.clear()
        server.mailbox.release.set()  # the server keeps what it had received: a first copy
        workers(worker_env(server.port), log_name="delivery-relief", queue=queue, beat=True)

        delivery = wait_until(
            lambda: (d := delivery_of(campaign)).status == "sent" and d, what="the relief"
        )
        received = server.mailbox.to(WHITE_HOUSE)
    finally:
        server.stop()
    assert delivery.attempts == 2
    assert delivery.retried_after_unknown_outcome
    assert 1 <= len(received) <= 2
    assert {message["Message-ID"] for message in received} == {delivery.message_id}
    requeued = delivery.events.get(kind="requeued")
    assert "lease ran out" in requeued.detail and delivery.message_id in requeued.detail


def test_a_lost_task_is_queued_again_by_the_sweeper(queue, worker_env, workers):
    server = SMTPServer().start()
    renderer = workers(worker_env(server.port), log_name="delivery-render", queue=queue)
    campaign, alice = ready_letter()
    stop_worker(renderer)
    try:
        delivery_services.delivery_start(campaign=campaign, by=alice)
        wait_until(lambda: queued(queue) > 0, what="the task in the queue")
        drop_queued(queue)  # the broker lost it (a restart without persistence does this)

        workers(worker_env(server.port), log_name="delivery-sweeper", queue=queue, beat=True)
        wait_until(lambda: delivery_of(campaign).status == "sent", what="the swept delivery")
        received = server.mailbox.to(WHITE_HOUSE)
    finally:
        server.stop()
    assert len(received) == 1
    assert delivery_of(campaign).events.filter(kind="requeued").exists()


def test_a_5xx_fails_at_once_tells_the_organizers_and_is_not_retried(queue, worker_env, workers):
    server = SMTPServer().start()
    server.mailbox.refuse[WHITE_HOUSE] = "550 5.1.1 Recipient address rejected"
    worker = workers(worker_env(server.port), log_name="delivery-5xx", queue=queue)
    campaign, alice = ready_letter()
    try:
        delivery_services.delivery_start(campaign=campaign, by=alice)
        wait_until(lambda: delivery_of(campaign).status == "failed", what="the failure")
        [notice] = server.mailbox.wait_for(1)
        wait_until_settled(worker, queue)  # a retry would have run by now: none may
        delivery = delivery_of(campaign)
        assert delivery.attempts == 1
        assert server.mailbox.to(WHITE_HOUSE) == []
        assert len(server.mailbox.messages) == 1
    finally:
        server.stop()
    assert notice["To"] == alice.email
    assert "550 5.1.1 Recipient address rejected" in notice.get_body(("plain",)).get_content()
    assert "550 5.1.1 Recipient address rejected" in delivery.last_error


def test_a_click_and_the_deadline_together_deliver_once(queue, worker_env, workers):
    server = SMTPServer().start()
    worker = workers(worker_env(server.port), log_name="delivery-race", queue=queue)
    campaign, alice = ready_letter()
    delivery_services.delivery_schedule(campaign=campaign, at_deadline=True)
    letters_services.campaign_close(campaign_id=campaign.pk)  # the deadline: closes, renders anew
    barrier = threading.Barrier(3)
    outcomes = []

    def click():
        barrier.wait()
        try:
            outcomes.append(len(delivery_services.delivery_start(campaign=campaign, by=alice)))
        except ServiceError:
            outcomes.append("refused")
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=click) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wait_until(
            lambda: Delivery.objects.filter(campaign=campaign, status="sent").exists(),
            what="the delivery",
        )
        wait_until(
            lambda: (
                not LetterDocument.objects.filter(
                    campaign=campaign, status__in=["queued", "rendering"]
                ).exists()
            ),
            what="the deadline's PDF",
        )
        wait_until_settled(worker, queue)  # the deadline's chain had its chance to deliver again
        received = server.mailbox.to(WHITE_HOUSE)
    finally:
        server.stop()
    assert Delivery.objects.filter(campaign=campaign).count() == 1
    assert outcomes.count(1) <= 1
    assert len(received) == 1
