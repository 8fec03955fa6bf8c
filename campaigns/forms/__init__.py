from campaigns.forms.organizer import (
    CampaignCreateForm,
    CampaignSettingsForm,
    InvitationForm,
    LetterTextForm,
    MemberRoleForm,
    RecipientForm,
)
from campaigns.forms.signing import SIGN_FORMS, RejectForm, ResendForm, SignForm

__all__ = [
    "SIGN_FORMS",
    "CampaignCreateForm",
    "CampaignSettingsForm",
    "InvitationForm",
    "LetterTextForm",
    "MemberRoleForm",
    "RecipientForm",
    "RejectForm",
    "ResendForm",
    "SignForm",
]
