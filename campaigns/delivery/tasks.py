"""Celery tasks of delivery: one task per attempt; the sweeper picks up what dead workers and
lost tasks left."""

from celery import shared_task
from django.urls import reverse

from campaigns.delivery import services
from campaigns.delivery.models import Delivery
from campaigns.letters.models import Campaign
from campaigns.letters.tasks import email_task, organizer_emails
from campaigns.signatures.tasks import email_signer, signature_or_none
from cosign.emails import render_email


@shared_task
def deliver(delivery_id: int) -> None:
    pause = services.delivery_send(delivery_id=delivery_id)
    if pause is not None:
        deliver.apply_async((delivery_id,), countdown=pause)


@shared_task
def sweep_deliveries() -> list[int]:
    return services.deliveries_sweep()


@email_task
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


@shared_task
def notify_signers_of_delivery(campaign_id: int) -> int:
    """Tell every counted signer, once, that the letter they signed was delivered."""
    campaign = Campaign.objects.get(pk=campaign_id)
    told = 0
    while ids := services.signers_to_tell_of_delivery(campaign):
        for signature_id in ids:
            send_delivered_email.delay(signature_id)
        told += len(ids)
    return told


@email_task
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
