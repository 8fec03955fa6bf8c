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
from campaigns.models.held_task import HeldTask
from campaigns.models.signature import Signature

__all__ = [
    "AuditEvent",
    "Campaign",
    "CampaignMember",
    "Delivery",
    "DeliveryEvent",
    "HeldTask",
    "Invitation",
    "LetterDocument",
    "LetterVersion",
    "Milestone",
    "Recipient",
    "Signature",
]
