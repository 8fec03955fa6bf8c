"""Letters and signatures as the API and the webhooks show them: OSDI's resources (petitions
and signatures, HAL+JSON), with Cosign's own fields beside OSDI's. One function per resource,
so that an API response and a webhook's payload never disagree.

Links are absolute, under SITE_URL: a webhook is made by a worker, with no request to ask."""

from typing import Any

from django.conf import settings

from campaigns.letters.models import Campaign, LetterVersion
from campaigns.signatures.counts import Tally
from campaigns.signatures.models import Signature

API_ROOT = "/api/v1/"


def api_url(path: str = "") -> str:
    return f"{settings.SITE_URL}{API_ROOT}{path}"


def identifier(kind: str, pk: int | str) -> str:
    """OSDI's `identifiers`: the system's name, a colon, and its own id."""
    return f"cosign:{kind}-{pk}"


def _date(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def petition_resource(campaign: Campaign, tally: Tally | None) -> dict[str, Any]:
    """A letter as an OSDI petition. `tally` is None where counts are not shown (a letter
    circulating privately, to someone outside its team)."""
    version: LetterVersion | None = campaign.current_version
    href = api_url(f"petitions/{campaign.slug}/")
    resource: dict[str, Any] = {
        "identifiers": [identifier("petition", campaign.pk)],
        "origin_system": settings.SITE_NAME,
        "title": campaign.title,
        "description": campaign.summary,
        "petition_text": version.html if version else "",
        "browser_url": f"{settings.SITE_URL}{campaign.get_absolute_url()}",
        "created_date": _date(campaign.created_at),
        "modified_date": _date(campaign.updated_at),
        "status": campaign.status,
        "visibility": "private" if campaign.is_private else "public",
        "version": version.number if version else None,
        "deadline": _date(campaign.deadline),
        "goal": campaign.goal,
        "target": [
            {"name": recipient.name, "title": recipient.title}
            for recipient in campaign.recipients.all()
        ],
        "_links": {
            "self": {"href": href},
            "osdi:signatures": {"href": f"{href}signatures/"},
            "osdi:record_signature_helper": {"href": f"{href}record_signature_helper/"},
        },
    }
    if tally is not None:
        resource["total_signatures"] = tally.total
        resource["counts"] = {
            "by_chamber": tally.by_chamber,
            "by_party": tally.by_party,
            "by_state": dict(sorted(tally.by_state.items())),
        }
    return resource


def signature_resource(
    signature: Signature, *, campaign_slug: str, contact: bool = False
) -> dict[str, Any]:
    """A signature as an OSDI signature; the signer's contact details only if `contact` (a
    team's token allowed to see them, or the owners' own webhook)."""
    petition = api_url(f"petitions/{campaign_slug}/")
    resource: dict[str, Any] = {
        "identifiers": [identifier("signature", signature.pk)],
        "created_date": _date(signature.created_at),
        "credit": signature.credit(),
        "kind": signature.kind,
        "status": signature.status,
        "version": signature.version.number,
        "office": _office(signature),
        "is_lead": signature.is_lead,
        "confirmed_date": _date(signature.confirmed_at),
        "decided_date": _date(signature.decided_at),
        "withdrawn_date": _date(signature.withdrawn_at),
        "_links": {
            "self": {"href": f"{petition}signatures/{signature.pk}/"},
            "osdi:petition": {"href": petition},
        },
    }
    if contact:
        resource["person"] = _person(signature)
    return resource


def _office(signature: Signature) -> dict[str, Any] | None:
    if signature.kind != Signature.Kind.LEGISLATOR or signature.legislator is None:
        return None
    return {
        "bioguide_id": signature.legislator.bioguide_id,
        "name": signature.name,
        "title": signature.title,
        "chamber": signature.chamber,
        "party": signature.party,
        "state": signature.state,
        "district": signature.district,
    }


def split_name(name: str) -> tuple[str, str]:
    """OSDI's given and family names from the one name a signer typed: the family name is the
    last word ("Mary Ann Smith" is Mary Ann, Smith), as the signer list sorts people; a name of
    one word is a given name alone."""
    given, _, family = " ".join(name.split()).rpartition(" ")
    return (given, family) if given else (family, "")


def _person(signature: Signature) -> dict[str, Any]:
    """OSDI's person: who signed (a staffer, for an office), and how to reach them."""
    contact = getattr(signature, "contact", None)
    if contact is None:  # removed on request or by the retention policy
        return {"email_addresses": []}
    given_name, family_name = split_name(contact.signer_name)
    return {
        "given_name": given_name,
        "family_name": family_name,
        "employer": signature.name if signature.kind == Signature.Kind.LEGISLATOR else "",
        "job_title": contact.signer_title,
        "email_addresses": [{"address": contact.email, "primary": True}],
        "phone_numbers": [{"number": contact.phone}] if contact.phone else [],
    }
