from django import forms

from campaigns.webhooks import client
from campaigns.webhooks.models import EVENTS


class EndpointForm(forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where we POST each event. It must be reachable on the public internet.",
    )
    events = forms.MultipleChoiceField(
        choices=EVENTS, widget=forms.CheckboxSelectMultiple, help_text="Which events it receives."
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            client.check_url(url)
        except client.Refused as refused:
            raise forms.ValidationError(f"We will not send to this URL: {refused}.") from None
        return url
