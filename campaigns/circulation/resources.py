"""A row of a letter's office tracker as the API shows it (and a webhook about it would): one
function, so that the two never disagree. Links are absolute, under SITE_URL."""

from typing import Any

from campaigns.circulation.models import OfficeTarget
from campaigns.circulation.services.outreach import Contact
from campaigns.congress.credits import party_letter
from campaigns.signatures.resources import api_url, identifier


def office_target_resource(
    target: OfficeTarget, *, campaign_slug: str, contacts: list[Contact] | None = None
) -> dict[str, Any]:
    """`target` from `services.tracker` (with `shown_status`); its office's staff contacts only
    if `contacts` is given (a team's token allowed to see contact details)."""
    office = target.legislator
    resource: dict[str, Any] = {
        "identifiers": [identifier("office-target", target.pk)],
        "office": {
            "bioguide_id": office.bioguide_id,
            "name": office.display_name,
            "title": office.title,
            "chamber": office.chamber,
            "party": party_letter(office.party),
            "state": office.state,
            "district": office.district,
        },
        "status": getattr(target, "shown_status", target.status),
        "noted_status": target.status,
        "note": target.note,
        "next_step": target.next_step,
        "last_contact_date": target.last_contact_at.isoformat() if target.last_contact_at else None,
        "modified_date": target.updated_at.isoformat(),
        "_links": {"osdi:petition": {"href": api_url(f"petitions/{campaign_slug}/")}},
    }
    if contacts is not None:
        resource["contacts"] = [
            {
                "name": c.name,
                "email": c.email,
                "title": c.title,
                "phone": c.phone,
                "source": c.source,
            }
            for c in contacts
        ]
    return resource
