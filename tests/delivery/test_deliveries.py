"""Delivering the letter: to a real SMTP server on loopback, with its faults."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.delivery import services as delivery_services
from campaigns.delivery.models import Delivery
from campaigns.documents import services as documents_services
from campaigns.errors import ListIsFinal, ServiceError, describe
from campaigns.letters import services as letters_services
from campaigns.letters.models import Campaign, Recipient
from campaigns.signatures import services as signatures_services
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user
from tests.pdfs import page_texts

pytestmark = pytest.mark.django_db

WHITE_HOUSE = "president@whitehouse.example"


@pytest.fixture
def letter(alice, django_capture_on_commit_callbacks):
    """An open letter, two Members on it, an email recipient, and its PDF ready."""
    campaign = make_open_campaign(alice)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email=WHITE_HOUSE)
    add_signature(campaign, make_legislator("L000397"), is_lead=True, lead_position=1)
    add_signature(
        campaign,
        make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer", state="MD"),
        email="staffer@mail.house.gov",
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = documents_services.document_request(campaign=campaign)
    document.refresh_from_db()
    assert document.is_ready, document.error
    return campaign


def deliver(campaign, user, callbacks):
    with callbacks(execute=True):
        return delivery_services.delivery_start(campaign=campaign, by=user)


def test_the_letter_goes_once_with_its_pdf_and_the_public_page_shows_the_receipt(
    client, letter, alice, smtp, django_capture_on_commit_callbacks
):
    [delivery] = deliver(letter, alice, django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1
    [message] = smtp.to(WHITE_HOUSE)
    assert message["Message-ID"] == delivery.message_id
    assert message["Reply-To"] == alice.email
    assert letter.title in message["Subject"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert (
        "The letter and its signers are published at" in message.get_body(("plain",)).get_content()
    )

    letter.refresh_from_db()
    assert letter.status == Campaign.Status.DELIVERED
    page = client.get(letter.get_absolute_url()).content.decode()
    today = timezone.localdate(timezone.now(), letter.zone)
    assert "Delivered to President Barack Obama, The White House, on" in page
    assert f"{today:%B} {today.day}, {today.year}" in page
    # Each counted signer is told, once.
    told = [m for m in smtp.messages if m["Subject"].startswith("Delivered:")]
    assert sorted(m["To"] for m in told) == sorted(
        letter.signatures.counted().values_list("contact__email", flat=True)
    )


def test_a_second_click_delivers_nothing_more(
    letter, alice, smtp, django_capture_on_commit_callbacks
):
    deliver(letter, alice, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError, match="already has this letter"):
        deliver(letter, alice, django_capture_on_commit_callbacks)
    assert letter.deliveries.count() == 1
    assert len(smtp.to(WHITE_HOUSE)) == 1


def test_an_out_of_date_pdf_is_not_delivered(letter, alice, smtp):
    add_signature(letter, make_legislator("V000081", last_name="Velázquez", state="NY"))
    plan = delivery_services.delivery_plan(letter)
    assert any("Generate the PDF again" in describe(problem) for problem in plan.problems)
    with pytest.raises(ServiceError):
        delivery_services.delivery_start(campaign=letter, by=alice)
    assert not letter.deliveries.exists()


def test_a_refusal_fails_at_once_shows_the_reply_and_tells_the_organizers(
    letter, alice, smtp, django_capture_on_commit_callbacks
):
    smtp.refuse[WHITE_HOUSE] = "550 5.1.1 No such mailbox here"

    [delivery] = deliver(letter, alice, django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 1
    assert "550 5.1.1 No such mailbox here" in delivery.last_error
    [notice] = smtp.to(alice.email)
    assert "Not delivered" in notice["Subject"]
    assert "No such mailbox here" in notice.get_body(("plain",)).get_content()
    letter.refresh_from_db()
    assert letter.status == Campaign.Status.CLOSED  # not delivered


def test_a_temporary_failure_is_retried_later_with_the_same_message_id(
    letter, alice, smtp, settings, django_capture_on_commit_callbacks
):
    settings.DELIVERY_RETRY_SECONDS = 60
    smtp.temporary_failures = 2
    with django_capture_on_commit_callbacks(execute=False):
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)

    first_pause = delivery_services.delivery_send(delivery_id=delivery.pk)
    assert 45 <= first_pause <= 75  # 60 s, with jitter
    assert (
        delivery_services.delivery_send(delivery_id=delivery.pk) is None
    )  # not due yet: not claimed
    with time_machine.travel(timezone.now() + timedelta(seconds=80), tick=False):
        second_pause = delivery_services.delivery_send(delivery_id=delivery.pk)
    assert 90 <= second_pause <= 150  # doubled
    with time_machine.travel(timezone.now() + timedelta(seconds=300), tick=False):
        assert delivery_services.delivery_send(delivery_id=delivery.pk) is None

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 3
    [message] = smtp.to(WHITE_HOUSE)
    assert message["Message-ID"] == delivery.message_id
    assert [e.kind for e in delivery.events.all()] == [
        "queued", "attempt", "retry", "attempt", "retry", "attempt", "sent",
    ]  # fmt: skip


def test_it_gives_up_after_a_day_of_failures(
    letter, alice, smtp, settings, django_capture_on_commit_callbacks
):
    settings.DELIVERY_RETRY_SECONDS = 3600
    smtp.temporary_failures = 100
    with django_capture_on_commit_callbacks(execute=False):
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)
    now = timezone.now()
    for hour in range(0, 30, 2):
        with time_machine.travel(now + timedelta(hours=hour), tick=False):
            delivery_services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "still failing" in delivery.events.last().detail


def test_nothing_goes_out_once_cancelled(letter, alice, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)
    delivery_services.delivery_cancel(campaign=letter, by=alice)

    assert delivery_services.delivery_send(delivery_id=delivery.pk) is None
    assert delivery_services.deliveries_sweep(now=timezone.now() + timedelta(hours=1)) == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CANCELLED
    assert smtp.messages == []


def test_the_sweeper_takes_up_a_dead_workers_delivery_with_the_same_message_id(
    letter, alice, smtp, settings, django_capture_on_commit_callbacks
):
    settings.DELIVERY_LEASE_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=False):
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)
    # A worker claimed it, then died before any answer.
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING,
        attempts=1,
        lease_until=timezone.now() + timedelta(seconds=60),
    )
    assert delivery_services.deliveries_sweep() == []  # the lease still runs

    later = timezone.now() + timedelta(seconds=61)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert delivery_services.deliveries_sweep() == [delivery.pk]

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.retried_after_unknown_outcome
    assert smtp.to(WHITE_HOUSE)[0]["Message-ID"] == delivery.message_id
    assert "same Message-ID" in delivery.events.get(kind="requeued").detail


def test_the_sweeper_queues_again_a_delivery_whose_task_was_lost(
    letter, alice, smtp, settings, django_capture_on_commit_callbacks
):
    settings.DELIVERY_SWEEP_AFTER_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=False):  # the task never runs: lost
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)
    assert delivery_services.deliveries_sweep() == []

    later = timezone.now() + timedelta(seconds=121)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert delivery_services.deliveries_sweep() == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(smtp.to(WHITE_HOUSE)) == 1


def test_a_printed_delivery_is_downloaded_then_recorded(
    client, alice, smtp, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)  # its recipient is delivered on paper
    add_signature(campaign, make_legislator("L000397"))
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):  # its packet is made once it commits
        response = client.post(
            reverse("delivery:delivery_start", args=[campaign.slug]), {"confirm": "yes"}
        )
    assert response.status_code == 302
    [delivery] = campaign.deliveries.all()
    assert delivery.channel == "print" and delivery.status == "queued"
    assert smtp.messages == []

    packet = client.get(reverse("delivery:delivery_packet", args=[campaign.slug, delivery.pk]))
    assert packet.status_code == 200
    assert packet["Content-Type"] == "application/pdf"
    assert packet["Content-Disposition"] == (
        f'attachment; filename="{campaign.slug}-for-print-{delivery.recipient.pk}.pdf"'
    )
    texts = page_texts(b"".join(packet.streaming_content))
    assert "1600 Pennsylvania Avenue NW" in texts[0] and "deliver to" in texts[0].lower()
    assert campaign.title in texts[1]

    record = reverse("delivery:delivery_record", args=[campaign.slug, delivery.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(record, {"method": "hand", "delivered_on": tomorrow}, follow=True)
    assert "still to come" in refused.content.decode()
    client.post(record, {"method": "courier", "delivered_on": "2016-01-12", "note": "Signed for"})

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.RECORDED
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DELIVERED
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Delivered to President Barack Obama, The White House, on" in page
    assert "January 12, 2016" in page


def test_the_print_packet_is_being_prepared_until_its_outbox_entry_runs(
    client, alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)  # its recipient is delivered on paper
    add_signature(campaign, make_legislator("L000397"))
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):  # the packet's entry waits
        client.post(reverse("delivery:delivery_start", args=[campaign.slug]), {"confirm": "yes"})
    [delivery] = campaign.deliveries.all()
    packet_url = reverse("delivery:delivery_packet", args=[campaign.slug, delivery.pk])
    page = client.get(reverse("delivery:deliveries", args=[campaign.slug])).content.decode()
    assert f'href="{packet_url}">Download the packet to print</a>' in page

    waiting = client.get(packet_url)
    assert waiting.status_code == 202
    assert "Preparing the packet" in waiting.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()
    delivery.refresh_from_db()
    assert not delivery.packet  # asking for it rendered nothing

    entry = Entry.objects.get(kind="delivery.print_packet")
    assert entry.key == f"packet:{delivery.pk}" and entry.target == {"delivery_id": delivery.pk}
    assert outbox.send(entry.pk)

    ready = client.get(packet_url)
    assert ready.status_code == 200
    assert ready["Content-Disposition"].startswith("attachment;")
    texts = page_texts(b"".join(ready.streaming_content))
    assert "1600 Pennsylvania Avenue NW" in texts[0] and campaign.title in texts[1]


def test_bad_recipient_data_is_refused_when_saved(client, alice):
    campaign = make_open_campaign(alice)
    client.force_login(alice)
    add = reverse("letters:recipient_add", args=[campaign.slug])
    no_email = client.post(add, {"name": "Speaker", "channel": "email", "email": ""})
    assert "needs an email address" in no_email.content.decode()
    malformed = client.post(add, {"name": "Speaker", "channel": "email", "email": "speaker@@house"})
    assert "valid email address" in malformed.content.decode()
    assert campaign.recipients.count() == 1


def test_at_the_deadline_it_closes_renders_and_delivers_unattended(
    alice, smtp, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email=WHITE_HOUSE)
    add_signature(campaign, make_legislator("L000397"))
    campaign.deadline = timezone.now() + timedelta(hours=1)
    campaign.save()
    delivery_services.delivery_schedule(campaign=campaign, at_deadline=True)

    with (
        time_machine.travel(campaign.deadline + timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert letters_services.close_due_campaigns() == [campaign.slug]

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DELIVERED
    [delivery] = campaign.deliveries.all()
    assert delivery.document.signature_count == 1
    assert "The deadline asked" in delivery.events.first().detail
    assert len(smtp.to(WHITE_HOUSE)) == 1


@pytest.mark.django_db(transaction=True)  # the command's own commits run its tasks
def test_the_operators_command_does_what_the_button_does(letter, smtp, capsys):
    call_command("deliver_campaign", letter.slug, "--dry-run")
    out = capsys.readouterr().out
    assert f"To: President Barack Obama, email to {WHITE_HOUSE}" in out
    assert "Dry run" in out and not letter.deliveries.exists()

    call_command("deliver_campaign", letter.slug)
    out = capsys.readouterr().out
    [delivery] = letter.deliveries.all()
    assert f"Sent after 1 attempt(s), Message-ID {delivery.message_id}" in out
    assert len(smtp.to(WHITE_HOUSE)) == 1


def test_viewers_see_the_log_but_cannot_deliver(client, letter, alice):
    viewer = make_user("carol@example.org")
    letter.members.create(user=viewer, role="viewer")
    client.force_login(viewer)
    page = client.get(reverse("delivery:deliveries", args=[letter.slug])).content.decode()
    assert "What will be delivered" in page
    assert "Deliver the letter now" not in page


def test_once_delivered_the_list_is_final_for_approvals_and_rejections(
    client, letter, alice, smtp, django_capture_on_commit_callbacks
):
    waiting = add_signature(
        letter, make_legislator("P000197", last_name="Pelosi", display_name="Nancy Pelosi"),
        status="confirmed", email="waiting@mail.house.gov",
    )  # fmt: skip
    counted = letter.signatures.get(contact__email="staffer@mail.house.gov")
    deliver(letter, alice, django_capture_on_commit_callbacks)
    client.force_login(alice)
    action = reverse("signatures:signatures_action", args=[letter.slug])

    approve = client.post(action, {"row_action": f"approve:{waiting.pk}"}, follow=True)
    reject = client.post(action, {"row_action": f"reject:{counted.pk}"}, follow=True)

    for page in (approve, reject):
        assert "its list of signers is final" in page.content.decode()
    with pytest.raises(ListIsFinal):
        signatures_services.signature_approve(signature=waiting, by=alice)
    waiting.refresh_from_db()
    counted.refresh_from_db()
    assert (waiting.status, counted.status) == ("confirmed", "approved")
    queue = client.get(reverse("signatures:signatures", args=[letter.slug])).content.decode()
    assert ">Approve<" not in queue and ">Reject<" not in queue


def test_a_withdrawal_after_delivery_is_recorded_for_the_organizers_not_applied(
    client, letter, alice, smtp, django_capture_on_commit_callbacks
):
    from cosign import tokens

    signature = letter.signatures.get(contact__email="staffer@mail.house.gov")
    deliver(letter, alice, django_capture_on_commit_callbacks)
    link = reverse(
        "signatures:withdraw", args=[letter.slug, tokens.make_token(tokens.WITHDRAW, signature.pk)]
    )

    assert "Ask to withdraw my signature" in client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link)

    assert page.status_code == 200
    assert "The letter was already delivered" in page.content.decode()
    signature.refresh_from_db()
    assert signature.status == "approved" and signature.withdrawal_requested_at
    assert letter.signatures.counted().count() == 2
    receipt, notice = smtp.to("alice@example.org")  # the delivery's receipt came first
    assert receipt["Subject"].strip().startswith("Receipt: ")
    assert notice["Subject"].strip().startswith("Asks to withdraw after delivery: Steny Hoyer")
    client.force_login(alice)
    signers = client.get(reverse("signatures:signatures", args=[letter.slug]) + "?show=counted")
    assert "Asked to withdraw after delivery" in signers.content.decode()


def test_editors_cannot_deliver(client, letter, bob):
    letter.members.create(user=bob, role="editor")
    client.force_login(bob)

    page = client.get(reverse("delivery:deliveries", args=[letter.slug])).content.decode()
    response = client.post(reverse("delivery:delivery_start", args=[letter.slug]))

    assert "Delivering is for the letter’s owners" in page
    assert response.status_code == 403
    assert not letter.deliveries.exists()


def test_no_pause_between_attempts_reaches_the_brokers_visibility_timeout(
    letter, alice, smtp, settings, django_capture_on_commit_callbacks
):
    # The next attempt is a task waiting out the pause, unacknowledged: Redis hands out again a
    # task left so for visibility_timeout, and the letter would go twice.
    from campaigns.delivery.tasks import deliver as deliver_task

    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    settings.DELIVERY_RETRY_SECONDS = visibility_timeout
    smtp.temporary_failures = 1
    with django_capture_on_commit_callbacks(execute=False):
        [delivery] = delivery_services.delivery_start(campaign=letter, by=alice)
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        deliver_task.delay(delivery.pk)  # fails, and queues the next attempt after its pause

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.QUEUED
    pause = (delivery.next_attempt_at - now).total_seconds()
    assert 0 < pause <= settings.TASK_PAUSE_MAX_SECONDS < visibility_timeout


def test_a_withdrawal_while_the_deadlines_pdf_is_made_gets_a_fresh_pdf_delivered(
    client, letter, alice, smtp, django_capture_on_commit_callbacks
):
    from cosign import tokens

    # The deadline has closed the letter, whose PDF was made with both Members on it...
    delivery_services.delivery_schedule(campaign=letter, at_deadline=True)
    letter.close()
    stale = letter.documents.ready().get()
    # ...when one of them withdraws, before the chain reaches delivery.
    hoyer = letter.signatures.get(contact__email="staffer@mail.house.gov")
    withdraw = reverse(
        "signatures:withdraw", args=[letter.slug, tokens.make_token(tokens.WITHDRAW, hoyer.pk)]
    )
    client.post(withdraw)

    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.deliver_after_render(document_id=stale.pk)

    [delivery] = letter.deliveries.all()
    assert delivery.document != stale
    assert delivery.document.signature_count == 1
    assert len(smtp.to(WHITE_HOUSE)) == 1


def test_a_letter_circulating_privately_is_released_when_it_is_delivered(
    client, letter, alice, smtp, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=letter.pk).update(visibility=Campaign.Visibility.PRIVATE)
    assert client.get(letter.get_absolute_url()).status_code == 404

    deliver(letter, alice, django_capture_on_commit_callbacks)

    letter.refresh_from_db()
    assert letter.status == Campaign.Status.DELIVERED and letter.released_at is not None
    assert client.get(letter.get_absolute_url()).status_code == 200
    release = letter.audit_events.get(to_state="released")
    assert release.actor_label == "when it was delivered"
