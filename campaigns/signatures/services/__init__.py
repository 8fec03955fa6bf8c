"""Signing on, moderation and the signers' privacy. Views, tasks and commands call these."""

from campaigns.signatures.services.moderation import (
    co_lead_sync,
    signature_approve,
    signature_reject,
    signature_set_featured,
    signature_set_lead,
    signature_withdraw,
    version_notice_is_current,
    version_notices_add,
)
from campaigns.signatures.services.privacy import purge_personal_data, signature_forget
from campaigns.signatures.services.reconfirming import signature_reconfirm
from campaigns.signatures.services.signing import (
    SignerDetails,
    confirmation_resend,
    confirmation_sent,
    duplicate_notice,
    lapse_cutoff,
    list_is_final,
    may_resend_confirmation,
    needs_approval,
    signature_confirm,
    signature_create,
    signatures_lapse,
    verification_for,
)
from campaigns.signatures.services.waiting import approval_digests_due, waiting_for

__all__ = [
    "SignerDetails",
    "approval_digests_due",
    "co_lead_sync",
    "confirmation_resend",
    "confirmation_sent",
    "duplicate_notice",
    "lapse_cutoff",
    "list_is_final",
    "may_resend_confirmation",
    "needs_approval",
    "purge_personal_data",
    "signature_approve",
    "signature_confirm",
    "signature_create",
    "signature_forget",
    "signature_reconfirm",
    "signature_reject",
    "signature_set_featured",
    "signature_set_lead",
    "signature_withdraw",
    "signatures_lapse",
    "verification_for",
    "version_notice_is_current",
    "version_notices_add",
    "waiting_for",
]
