"""Celery tasks of delivery: one task per attempt; the sweeper picks up what dead workers and
lost tasks left."""

from celery import shared_task
from django.urls import reverse

from campaigns.delivery import services
from campaigns.delivery.models import Delivery
from campaigns.letters.models import Campaign
from campaigns.letters.tasks import organizer_emails
from campaigns.signatures.tasks import email_signer, signature_or_none
from cosign.emails import render_email
from cosign.outbox import services as outbox


@outbox.handles("delivery.send")
def start_delivery(delivery_id: int) -> None:
    deliver(delivery_id)


@outbox.handles("delivery.print_packet")
def make_print_packet(delivery_id: int) -> None:
    services.delivery_packet_make(delivery_id=delivery_id)


@outbox.handles("documents.ready")
def deliver_after_render(document_id: int) -> None:
    """A letter set to go at its deadline goes as soon as its final PDF is ready."""
    services.deliver_after_render(document_id=document_id)


@shared_task
def deliver(delivery_id: int) -> None:
    pause = services.delivery_send(delivery_id=delivery_id)
    if pause is not None:
        deliver.apply_async((delivery_id,), countdown=pause)


@shared_task
def sweep_deliveries() -> list[int]:
    return services.deliveries_sweep()


@outbox.handles("delivery.failed_email")
def send_delivery_failed_email(delivery_id: int) -> None:
    delivery = Delivery.objects.select_related("campaign", "recipient").get(pk=delivery_id)
    render_email(
        "delivery_failed",
        {
            "delivery": delivery,
            "campaign": delivery.campaign,
            "deliveries_path": reverse("delivery:deliveries", args=[delivery.campaign.slug]),
        },
        to=organizer_emails(delivery.campaign),
    ).send()


@outbox.handles("delivery.receipt_email")
def send_delivery_receipt(campaign_id: int) -> None:
    """The organizers' receipt: every recipient has the letter."""
    campaign = Campaign.objects.get(pk=campaign_id)
    to = organizer_emails(campaign)
    if not to:
        return
    render_email(
        "delivery_receipt",
        {
            "campaign": campaign,
            "deliveries": list(campaign.deliveries.done().select_related("recipient")),
            "deliveries_path": reverse("delivery:deliveries", args=[campaign.slug]),
        },
        to=to,
    ).send()


@outbox.handles("delivery.tell_signers")
def tell_signers_of_delivery(campaign_id: int) -> int:
    """Tell every counted signer, once, that the letter they signed was delivered."""
    return services.delivered_emails_add(campaign_id=campaign_id)


@outbox.handles("delivery.delivered_email")
def send_delivered_email(signature_id: int) -> None:
    signature = signature_or_none(signature_id)
    if signature is None:
        return
    deliveries = signature.campaign.deliveries.done().select_related("recipient")
    email_signer(
        "letter_delivered",
        signature,
        deliveries=list(deliveries),
        pdf_path=reverse("documents:letter_pdf", args=[signature.campaign.slug]),
    )
