from typing import Any

from django import forms

from accounts.models import User
from campaigns.api.models import ApiToken
from campaigns.letters.models import Campaign
from cosign.fields import PlainTextField


class TokenForm(forms.Form):
    name = PlainTextField(
        label="Name",
        max_length=100,
        help_text="What uses it, e.g. “Action Network sync”.",
    )
    scope = forms.ChoiceField(
        label="It may",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    contacts = forms.BooleanField(
        label="See the signers' contact details (names, email addresses, phone numbers)",
        required=False,
    )
    letters = forms.ModelMultipleChoiceField(
        label="Letters",
        queryset=Campaign.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen: all your letters, those to come too.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        letters = self.fields["letters"]
        assert isinstance(letters, forms.ModelMultipleChoiceField)
        letters.queryset = Campaign.objects.for_member(user).order_by("-created_at")
