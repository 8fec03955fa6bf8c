"""The organizers' spreadsheet of signatures, safe to open in Excel."""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from campaigns.letters.models import Campaign
from campaigns.signatures.models import Signature, SignerContact

HEADER = [
    "signed_at", "status", "kind", "credit", "name", "title", "party", "state", "district",
    "chamber", "city", "affiliation", "verification", "version_signed", "lead", "confirmed_at",
    "decided_at", "withdrawn_at", "rejection_reason", "signer_name", "signer_title", "email",
    "phone", "office_phone",
]  # fmt: skip

# A spreadsheet runs a cell that starts like a formula; a leading apostrophe keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _district(district: int | None) -> str | int:
    # The directory stores an at-large seat (a state with one Representative) as district 0.
    if district is None:
        return ""
    return "At-large" if district == 0 else district


def rows(campaign: Campaign, signatures: Iterable[Signature]) -> Iterator[list[str]]:
    yield HEADER
    for s in signatures:
        contact = getattr(s, "contact", None) or SignerContact()  # removed: blank cells
        yield [
            neutralize(value)
            for value in (
                _stamp(s.created_at), s.status, s.kind, s.credit(campaign.credit_style), s.name,
                s.title, s.party, s.state, _district(s.district), s.chamber,
                s.city, s.affiliation, s.verification, s.version.number, "yes" if s.is_lead else "",
                _stamp(s.confirmed_at), _stamp(s.decided_at), _stamp(s.withdrawn_at),
                s.rejection_reason, contact.signer_name, contact.signer_title, contact.email,
                contact.phone,
                s.legislator.phone if s.legislator else "",
            )
        ]  # fmt: skip


def csv_lines(campaign: Campaign) -> Iterator[str]:
    writer = csv.writer(_Echo())
    signatures = (
        campaign.signatures.select_related("version", "legislator", "contact")
        .order_by("created_at", "id")
        .iterator(chunk_size=2000)
    )
    for row in rows(campaign, signatures):
        yield writer.writerow(row)
