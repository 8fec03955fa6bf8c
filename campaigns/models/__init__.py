from campaigns.models.audit import AuditEvent
from campaigns.models.campaign import (
    Campaign,
    CampaignMember,
    Invitation,
    LetterVersion,
    Milestone,
    Recipient,
)
from campaigns.models.delivery import Delivery, DeliveryEvent
from campaigns.models.document import LetterDocument
from campaigns.models.signature import Signature

__all__ = [
    "AuditEvent",
    "Campaign",
    "CampaignMember",
    "Delivery",
    "DeliveryEvent",
    "Invitation",
    "LetterDocument",
    "LetterVersion",
    "Milestone",
    "Recipient",
    "Signature",
]
