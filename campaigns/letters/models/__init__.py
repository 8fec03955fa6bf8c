from campaigns.letters.models.audit import AuditEvent
from campaigns.letters.models.campaign import Campaign, LetterVersion, Recipient
from campaigns.letters.models.team import CampaignMember, Invitation

__all__ = [
    "AuditEvent",
    "Campaign",
    "CampaignMember",
    "Invitation",
    "LetterVersion",
    "Recipient",
]
