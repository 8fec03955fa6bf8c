from django import forms

from campaigns.circulation.models import OfficeTarget, TargetList
from campaigns.circulation.services.targets import MANUAL_STATUSES
from campaigns.congress.credits import STATE_NAMES
from campaigns.congress.models import Committee, Legislator
from cosign.fields import LowercaseEmailField, PhoneField, PlainTextField

PARTIES = ["Democrat", "Republican", "Independent"]
ANY = [("", "Any")]


class OfficesForm(forms.Form):
    """Which offices of the directory to add to the tracker."""

    chamber = forms.ChoiceField(choices=ANY + list(Legislator.Chamber.choices), required=False)
    party = forms.ChoiceField(choices=ANY + [(p, p) for p in PARTIES], required=False)
    state = forms.ChoiceField(
        label="State delegation",
        choices=ANY + sorted(STATE_NAMES.items(), key=lambda item: item[1]),
        required=False,
    )
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.current().select_related("parent").order_by("chamber", "name"),
        required=False,
        empty_label="Any",
        help_text="A committee or a subcommittee, e.g. House Judiciary.",
    )
    side = forms.ChoiceField(
        label="Committee side",
        choices=[("", "Both"), ("majority", "Majority"), ("minority", "Minority")],
        required=False,
    )
    leadership = forms.BooleanField(label="Only the leadership", required=False)
    search = PlainTextField(
        label="Or a Member by name, state or seat", max_length=100, required=False
    )

    CRITERIA = ("chamber", "party", "state", "committee", "leadership", "search")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.CRITERIA):
            raise forms.ValidationError(
                "Choose a chamber, a party, a state or a name: adding all of Congress at once "
                "is rarely meant."
            )
        return data


STATUS_CHOICES = [(status.value, status.label) for status in MANUAL_STATUSES]


class TargetForm(forms.ModelForm):
    status = forms.ChoiceField(choices=STATUS_CHOICES)
    note = PlainTextField(max_length=500, required=False)
    next_step = PlainTextField(max_length=200, required=False)

    class Meta:
        model = OfficeTarget
        fields = ["status", "note", "next_step"]


class TrackerActionForm(forms.Form):
    """For the ticked offices: note what was learned, or take them off the list."""

    action = forms.ChoiceField(choices=[*STATUS_CHOICES, ("remove", "Take off the list")])
    note = PlainTextField(max_length=500, required=False)


class SaveListForm(forms.Form):
    name = PlainTextField(label="Save these offices as a list named", max_length=200)


class ApplyListForm(forms.Form):
    saved = forms.ModelChoiceField(
        label="Add the offices of a saved list",
        queryset=TargetList.objects.none(),
        empty_label="Choose a list",
    )

    def __init__(self, *args: object, owner_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["saved"].queryset = TargetList.objects.filter(owner_id=owner_id)  # type: ignore[attr-defined]


# Outreach: the address book and the Dear Colleague ---------------------------------------------


class ContactForm(forms.Form):
    name = PlainTextField(max_length=200)
    email = LowercaseEmailField(max_length=254)
    title = PlainTextField(max_length=200, required=False)
    phone = PhoneField(required=False)


class DearColleagueForm(forms.Form):
    subject = PlainTextField(max_length=200)
    body_markdown = forms.CharField(
        label="Message",
        max_length=20_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
        help_text="Markdown: a blank line between paragraphs, **bold**, *italic*, "
        "[a link](https://example.org). Each office's personal sign link is added below it.",
    )
    attach_pdf = forms.BooleanField(label="Attach the letter's current PDF", required=False)
    statuses = forms.MultipleChoiceField(
        label="Or every office with contacts whose tracker status is",
        choices=OfficeTarget.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_body_markdown(self) -> str:
        return str(self.cleaned_data["body_markdown"]).replace("\r\n", "\n")


# Reminders ---------------------------------------------------------------------------------


class ReminderForm(forms.Form):
    """When a reminder goes out, in the letter's time zone."""

    label = PlainTextField(max_length=100, required=False, help_text="e.g. “A week before”.")
    send_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    send_time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
