"""What an event's request body says: the event, the letter it happened on, and its subject
(`data`): a signature or letter as the API shows them, or a small dict for documents,
deliveries and tracker rows. Made once, when the event is fanned out."""

import json
from typing import Any

from django.conf import settings
from django.urls import reverse

from campaigns.circulation.models import OfficeTarget
from campaigns.circulation.resources import office_target_resource
from campaigns.circulation.services.standing import tracker
from campaigns.delivery.models import Delivery
from campaigns.documents.models import LetterDocument
from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from campaigns.signatures.resources import (
    api_url,
    identifier,
    petition_resource,
    signature_resource,
)


def body(
    *, event: str, campaign: Campaign | None, subject_id: int, event_id: str, created_at: str
) -> str:
    """`campaign` is None only for a test event to an endpoint for all the owner's letters."""
    payload = {
        "id": event_id,
        "type": event,
        "created_at": created_at,
        "petition": petition_summary(campaign) if campaign else None,
        "data": data(event, campaign, subject_id) if campaign else ping_data(),
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def petition_summary(campaign: Campaign) -> dict[str, Any]:
    return {
        "identifiers": [identifier("petition", campaign.pk)],
        "title": campaign.title,
        "href": api_url(f"petitions/{campaign.slug}/"),
        "browser_url": f"{settings.SITE_URL}{campaign.get_absolute_url()}",
    }


def data(event: str, campaign: Campaign, subject_id: int) -> dict[str, Any]:
    kind = event.partition(".")[0]
    if kind == "signature":
        signature = (
            Signature.objects.select_related("version", "legislator", "contact")
            .filter(pk=subject_id, campaign=campaign)
            .first()
        )
        if signature is None:  # forgotten on request since
            return {"identifiers": [identifier("signature", subject_id)]}
        return signature_resource(signature, campaign_slug=campaign.slug, contact=True)
    if kind == "petition":
        return petition_resource(campaign, counts.current(campaign.pk))
    if kind == "pdf":
        return _document(campaign, subject_id)
    if kind == "delivery":
        return _delivery(subject_id)
    if kind == "tracker":
        return _tracker_row(campaign, subject_id)
    return ping_data()


def ping_data() -> dict[str, Any]:
    return {"message": f"A test event from {settings.SITE_NAME}: your endpoint is reached."}


def _document(campaign: Campaign, document_id: int) -> dict[str, Any]:
    document = LetterDocument.objects.select_related("version").get(pk=document_id)
    url = reverse("documents:document_file", args=[campaign.slug, document.pk])
    return {
        "identifiers": [identifier("pdf", document.pk)],
        "version": document.version.number,
        "pages": document.pages,
        "signatures": document.signature_count,
        "bytes": document.bytes,
        "browser_url": f"{settings.SITE_URL}{url}",
    }


def _delivery(delivery_id: int) -> dict[str, Any]:
    delivery = Delivery.objects.select_related("recipient").get(pk=delivery_id)
    return {
        "identifiers": [identifier("delivery", delivery.pk)],
        "recipient": {"name": delivery.recipient.name, "title": delivery.recipient.title},
        "channel": delivery.channel,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "sent_date": delivery.sent_at.isoformat() if delivery.sent_at else None,
        # A printed letter handed over: how, and on what day, as the organizer recorded it.
        "method": delivery.method,
        "delivered_on": delivery.delivered_on.isoformat() if delivery.delivered_on else None,
        "error": delivery.last_error if delivery.status == Delivery.Status.FAILED else "",
    }


def _tracker_row(campaign: Campaign, legislator_id: int) -> dict[str, Any]:
    row: OfficeTarget | None = (
        tracker(campaign).select_related("legislator").filter(legislator_id=legislator_id).first()
    )
    if row is None:
        return {"identifiers": []}
    return office_target_resource(row, campaign_slug=campaign.slug)
