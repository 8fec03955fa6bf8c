"""Signing on, moderation and the signers' privacy. Views, tasks and commands call these."""

from campaigns.signatures.services.moderation import (
    claim_version_notice,
    release_version_notice,
    signature_approve,
    signature_reject,
    signature_set_featured,
    signature_set_lead,
    signature_withdraw,
    signers_to_notify,
)
from campaigns.signatures.services.privacy import purge_personal_data, signature_forget
from campaigns.signatures.services.signing import (
    SignerDetails,
    confirmation_sent,
    lapse_cutoff,
    list_is_final,
    may_resend_confirmation,
    needs_approval,
    signature_confirm,
    signature_create,
    signatures_lapse,
    verification_for,
)

__all__ = [
    "SignerDetails",
    "claim_version_notice",
    "confirmation_sent",
    "lapse_cutoff",
    "list_is_final",
    "may_resend_confirmation",
    "needs_approval",
    "purge_personal_data",
    "release_version_notice",
    "signature_approve",
    "signature_confirm",
    "signature_create",
    "signature_forget",
    "signature_reject",
    "signature_set_featured",
    "signature_set_lead",
    "signature_withdraw",
    "signatures_lapse",
    "signers_to_notify",
    "verification_for",
]
