"""The six kinds of visitor the access tests try every URL as, and the world they find: one open
letter with a team, and a row of each kind its organizer URLs name by id."""

import functools
from collections.abc import Iterator
from datetime import timedelta

from django.urls import URLResolver, get_resolver

from accounts.models import User
from campaigns.circulation.models import DearColleague, OfficeTarget, Reminder
from campaigns.delivery import services as delivery_services
from campaigns.delivery.models import Delivery
from campaigns.documents import services as documents_services
from campaigns.documents.models import LetterDocument
from campaigns.documents.pdf import pipeline
from campaigns.letters.models import CampaignMember, Invitation
from campaigns.webhooks.models import Endpoint, WebhookDelivery
from tests.factories import (
    add_member,
    add_signature,
    make_legislator,
    make_open_campaign,
    make_user,
)

ANONYMOUS, OUTSIDER, STAFF, VIEWER, EDITOR, OWNER = (
    "anonymous", "outsider", "staff", "viewer", "editor", "owner",
)  # fmt: skip
VISITORS = [ANONYMOUS, OUTSIDER, STAFF, VIEWER, EDITOR, OWNER]


@functools.cache
def tiny_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>A letter</p>").write_pdf()


def render_now(document: LetterDocument) -> None:
    """The PDF pipeline's steps, in this process and in order: what its Celery chord does once
    the document's outbox entry is sent (which a world built inside a transaction never sees)."""
    missing = pipeline.plan(document.pk)
    assert missing is not None
    pipeline.render_footers(document.pk)
    for key in missing:
        pipeline.render_chunk(document.pk, key)
    pipeline.finish(document.pk)
    document.refresh_from_db()
    assert document.is_ready and document.preview, document.error


def build_world() -> tuple[dict[str, User], dict[str, str | int]]:
    """Alice's open letter: the people who visit it, and the slug and row ids of its URLs.

    Site staff is `is_staff` and nothing more: no superuser, no model permissions."""
    owner = make_user("alice@example.org")
    campaign = make_open_campaign(owner)
    people = {
        OWNER: owner,
        EDITOR: make_user("bob@example.org"),
        VIEWER: make_user("carol@example.org"),
        OUTSIDER: make_user("mallory@example.org"),
        STAFF: User.objects.create_user("staff@example.org", "x", is_staff=True),
    }
    add_member(campaign, people[EDITOR], CampaignMember.Role.EDITOR)
    add_member(campaign, people[VIEWER], CampaignMember.Role.VIEWER)
    someone_else = add_member(campaign, make_user("dave@example.org"), CampaignMember.Role.VIEWER)
    signature = add_signature(campaign, make_legislator(), status="unconfirmed")
    document = documents_services.document_request(campaign=campaign, by=owner)
    render_now(document)
    invitation = Invitation.objects.create(
        campaign=campaign, email="erin@example.org", role="viewer", invited_by=owner
    )
    delivery = Delivery.objects.create(
        campaign=campaign,
        recipient=campaign.recipients.get(),
        document=document,
        channel="print",
        message_id="<permissions@cosign.test>",
    )
    delivery_services.delivery_packet_make(delivery_id=delivery.pk)  # what its outbox entry does
    target = OfficeTarget.objects.create(campaign=campaign, legislator=signature.legislator)
    dear_colleague = DearColleague.objects.create(
        campaign=campaign, subject="Join us", body_markdown="Please sign.", created_by=owner
    )
    reminder = Reminder.objects.create(
        campaign=campaign, label="A week before", send_at=campaign.deadline - timedelta(days=7)
    )
    # A webhook endpoint of the letter (never called: its port is closed) with one event.
    endpoint = Endpoint.objects.create(
        owner=owner, campaign=campaign, url="http://127.0.0.1:9/hooks", events=["ping"]
    )
    webhook_delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", body="{}")
    kwargs = {
        "slug": campaign.slug,
        "pk_endpoint": endpoint.pk,
        "pk_webhook_delivery": webhook_delivery.pk,
        "pk_target": target.pk,
        "pk_dear_colleague": dear_colleague.pk,
        "pk_reminder": reminder.pk,
        "pk_recipient": campaign.recipients.get().pk,
        "pk_member": someone_else.pk,
        "pk_invitation": invitation.pk,
        "pk_signature": signature.pk,
        "pk_document": document.pk,
        "pk_delivery": delivery.pk,
    }
    return people, kwargs


def url_patterns() -> Iterator[tuple[str | None, str | None, str]]:
    """Every URL pattern of the site, as its namespace, its name and its whole route: what the
    access tables are checked against, so that a new URL without a rule fails them."""

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route, pattern.namespace or namespace)
            else:
                yield namespace, pattern.name, route

    return walk(get_resolver().url_patterns, "", None)


# The feature apps of the campaigns package: their URLs have the organizer access rules.
CAMPAIGN_APPS = ("letters", "signatures", "documents", "delivery", "circulation", "webhooks", "api")


def campaign_url_name(name: str) -> str:
    """A campaigns URL name with its app's namespace: "sign" -> "signatures:sign"."""
    (found,) = {ns for ns, n, _ in url_patterns() if n == name and ns in CAMPAIGN_APPS}
    return f"{found}:{name}"
