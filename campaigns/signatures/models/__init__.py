from campaigns.signatures.models.contact import SignerContact
from campaigns.signatures.models.signature import Milestone, Signature

__all__ = ["Milestone", "Signature", "SignerContact"]
