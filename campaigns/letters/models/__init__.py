from campaigns.letters.models.audit import AuditEvent
from campaigns.letters.models.campaign import (
    Campaign,
    CampaignMember,
    Invitation,
    LetterVersion,
    Recipient,
)

__all__ = [
    "AuditEvent",
    "Campaign",
    "CampaignMember",
    "Invitation",
    "LetterVersion",
    "Recipient",
]
