"""Helpers for tests that sign letters the way a co-signer does: through the pages."""

import re

from django.core import mail


def link_in(message, kind: str) -> str:
    """The path of the confirm/withdraw link in an email."""
    found = re.search(rf"https?://[^/\s]+(/letters/[^/\s]+/{kind}/[^\s]+/)", message.body)
    assert found, message.body
    return found[1]


def sign(client, campaign, callbacks, **fields):
    data = {"version": campaign.current_version.number}
    data.update(fields)
    with callbacks(execute=True):
        return client.post(f"/letters/{campaign.slug}/sign/", data)


def sign_member(client, campaign, callbacks, legislator, email, **fields):
    data = {
        "kind": "legislator",
        "legislator": legislator.bioguide_id,
        "signer_name": "Alex Rivera",
        "signer_title": "Legislative Director",
        "email": email,
        "phone": "202-225-3072",
        "attested": "on",
    }
    data.update(fields)
    return sign(client, campaign, callbacks, **data)


def confirm_from_email(client, callbacks, message=None):
    message = message or mail.outbox[-1]
    link = link_in(message, "confirm")
    assert client.get(link).status_code == 200
    with callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302, response.content.decode()[:500]
    return link
