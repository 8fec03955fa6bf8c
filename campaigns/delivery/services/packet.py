"""The packet for a delivery on paper, made once by a task when the delivery is created."""

import logging

from django.core.files.base import ContentFile

from campaigns.delivery.models import Delivery
from campaigns.documents.pdf.packet import print_packet
from campaigns.letters.models import Recipient

logger = logging.getLogger(__name__)


def delivery_packet_make(*, delivery_id: int) -> None:
    """Render the cover sheet and the letter as one PDF and keep it. Safe to run twice."""
    delivery = Delivery.objects.select_related(
        "campaign", "recipient", "document__campaign", "document__version"
    ).get(pk=delivery_id)
    if delivery.packet or delivery.channel != Recipient.Channel.PRINT:
        return
    pdf = print_packet(delivery.document, delivery.recipient)
    name = f"{delivery.campaign.slug}-for-print-{delivery.recipient.pk}-{delivery.pk}.pdf"
    delivery.packet.save(name, ContentFile(pdf), save=False)
    # Only this field: the organizer may record the delivery while the packet is being made.
    Delivery.objects.filter(pk=delivery.pk).update(packet=delivery.packet.name)
    logger.info("Print packet for delivery %s: %s bytes", delivery.pk, len(pdf))
