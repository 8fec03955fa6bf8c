from campaigns.letters.models.audit import AuditEvent
from campaigns.letters.models.campaign import (
    Campaign,
    CampaignMember,
    Invitation,
    LetterVersion,
    Recipient,
)
from campaigns.letters.models.held_task import HeldTask

__all__ = [
    "AuditEvent",
    "Campaign",
    "CampaignMember",
    "HeldTask",
    "Invitation",
    "LetterVersion",
    "Recipient",
]
