from campaigns.signatures.models.contact import SignerContact
from campaigns.signatures.models.reconfirmation import Reconfirmation
from campaigns.signatures.models.signature import Milestone, Signature

__all__ = ["Milestone", "Reconfirmation", "Signature", "SignerContact"]
