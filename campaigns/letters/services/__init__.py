"""Workflows that span the letter's models. Views, tasks and commands call these."""

from campaigns.letters.services.audit import audit_record
from campaigns.letters.services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_publish,
    close_due_campaigns,
    invitation_accept,
    invitation_create,
    letter_text_save,
    member_remove,
    member_set_approvals_digest,
    member_set_office,
    member_set_role,
    publish_problems,
    unique_slug,
)
from campaigns.letters.services.circulation import campaign_release, release_due_campaigns
from campaigns.letters.services.lifecycle import (
    campaign_archive,
    campaign_delete,
    campaign_duplicate,
    draft_contents,
)
from campaigns.letters.services.revisions import (
    revision_discard,
    revision_problem,
    revision_publish,
)

__all__ = [
    "audit_record",
    "campaign_archive",
    "campaign_close",
    "campaign_create",
    "campaign_delete",
    "campaign_duplicate",
    "campaign_publish",
    "campaign_release",
    "close_due_campaigns",
    "draft_contents",
    "invitation_accept",
    "invitation_create",
    "letter_text_save",
    "member_remove",
    "member_set_approvals_digest",
    "member_set_office",
    "member_set_role",
    "publish_problems",
    "release_due_campaigns",
    "revision_discard",
    "revision_problem",
    "revision_publish",
    "unique_slug",
]
