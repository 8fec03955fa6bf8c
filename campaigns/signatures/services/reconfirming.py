"""Signers of an earlier text after a substantive revision: they re-confirm from the emailed
link, or an organizer decides they stay (`signature_keep`) or come off (`signature_reject`).
Whether a signature stands on an earlier text is computed from its version and these
records (`Signature.objects.on_earlier_text`); the count is never rewritten here."""

import logging

from django.db import transaction

from accounts.models import User
from campaigns.errors import ListIsFinal, SigningError
from campaigns.letters.models import Campaign
from campaigns.letters.services.audit import audit_record
from campaigns.signatures.models import Reconfirmation, Signature
from campaigns.signatures.services.signing import ended_because, list_is_final

logger = logging.getLogger(__name__)


def signature_reconfirm(*, signature_id: int, by: User | None = None) -> bool:
    """The signature stands on the text in force: re-confirmed by the signer (`by` None) or
    kept by an organizer. False when it already did (or signed that text itself)."""
    with transaction.atomic():
        campaign_id = Signature.objects.values_list("campaign_id", flat=True).get(pk=signature_id)
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if list_is_final(campaign):
            raise ListIsFinal()
        signature = Signature.objects.select_for_update().get(pk=signature_id)
        if not signature.is_active:
            raise SigningError(ended_because(signature.status))
        in_force = campaign.text_in_force
        earlier = Signature.objects.on_earlier_text(campaign).filter(pk=signature.pk)
        if in_force is None or not earlier.exists():
            return False
        Reconfirmation.objects.create(signature=signature, version=in_force, by=by)
        audit_record(
            signature,
            from_state=f"on version {signature.version.number}",
            to_state=f"re-confirmed on {in_force.number}" if by is None else "kept",
            by=by,
            by_label="the signer",
            reason=""
            if by is None
            else f"Kept on the letter without re-confirming version {in_force.number}",
        )
    logger.info("Signature %s stands on version %s", signature_id, in_force.number)
    return True
