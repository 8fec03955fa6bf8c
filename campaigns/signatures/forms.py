"""The forms a co-signer fills in, one per kind of signer."""

from django import forms

from campaigns.congress.credits import STATE_CHOICES
from campaigns.congress.models import Legislator
from campaigns.signatures.models import Signature
from campaigns.signatures.services import SignerDetails
from cosign.fields import LowercaseEmailField, PhoneField, PlainTextField, search_text

HONEYPOT = "website"


class HoneypotField(forms.CharField):
    """A field people never see and bots fill in."""

    template_name: str | None

    def __init__(self) -> None:
        super().__init__(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.template_name = "forms/honeypot.html"


class SignForm(forms.Form):
    kind: str = ""

    version = forms.IntegerField(widget=forms.HiddenInput)
    website = HoneypotField()

    @property
    def filled_by_a_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    def details(self) -> SignerDetails:
        data = self.cleaned_data
        fields = set(SignerDetails.__dataclass_fields__) - {"kind"}
        return SignerDetails(kind=self.kind, **{key: data[key] for key in fields if key in data})


class LegislatorSignForm(SignForm):
    kind = Signature.Kind.LEGISLATOR

    legislator = forms.CharField(
        label="Member of Congress",
        error_messages={"required": "Find the Member you are signing for, and choose them."},
    )
    signer_name = PlainTextField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    signer_title = PlainTextField(
        label="Your title",
        max_length=200,
        help_text="e.g. Legislative Director",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = LowercaseEmailField(
        label="Your official email",
        max_length=254,
        help_text="Senate: your office's senate.gov address. House: your mail.house.gov address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label="Your office phone")
    attested = forms.BooleanField(
        label="The Member has authorized me to add their name to this letter.",
        error_messages={"required": "Only sign on a Member who has agreed to sign."},
    )
    keep_as_contact = forms.BooleanField(
        label="The organizers may keep my name and email as a contact for this office for "
        "their future letters",
        required=False,
    )

    field_order = [
        "legislator", "signer_name", "signer_title", "email", "phone", "attested",
        "keep_as_contact",
    ]  # fmt: skip

    def clean_legislator(self) -> Legislator:
        bioguide_id = search_text(self.cleaned_data["legislator"], limit=12)
        legislator = Legislator.objects.in_office().filter(bioguide_id=bioguide_id).first()
        if legislator is None:
            raise forms.ValidationError("Choose a sitting Member of Congress from the list.")
        return legislator


class OrganizationSignForm(SignForm):
    kind = Signature.Kind.ORGANIZATION

    name = PlainTextField(
        label="Organization",
        max_length=200,
        help_text="As it should appear on the letter.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    signer_name = PlainTextField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    signer_title = PlainTextField(label="Your title", max_length=200)
    email = LowercaseEmailField(
        label="Your email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    # A national organization has no one city: it is credited by its name alone.
    city = PlainTextField(
        label="City", max_length=100, required=False, help_text="Leave empty if national."
    )
    state = forms.ChoiceField(
        label="State",
        choices=[("", "None: a national organization"), *STATE_CHOICES],
        required=False,
    )

    field_order = ["name", "signer_name", "signer_title", "email", "city", "state"]


class IndividualSignForm(SignForm):
    kind = Signature.Kind.INDIVIDUAL

    signer_name = PlainTextField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = LowercaseEmailField(
        label="Your email",
        max_length=254,
        help_text="Never shown publicly.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    city = PlainTextField(label="City", max_length=100)
    state = forms.ChoiceField(label="State", choices=[("", "Choose a state"), *STATE_CHOICES])
    affiliation = PlainTextField(
        label="Affiliation",
        max_length=200,
        required=False,
        help_text="Your organization or role, if you want it shown.",
    )
    show_name = forms.BooleanField(
        label="Show my name on the public list of signers",
        required=False,
        initial=True,
        help_text="If not, you are counted and listed as “Name withheld”.",
    )

    field_order = ["signer_name", "email", "city", "state", "affiliation", "show_name"]


SIGN_FORMS: dict[str, type[SignForm]] = {
    Signature.Kind.LEGISLATOR: LegislatorSignForm,
    Signature.Kind.ORGANIZATION: OrganizationSignForm,
    Signature.Kind.INDIVIDUAL: IndividualSignForm,
}


class ResendForm(forms.Form):
    email = LowercaseEmailField(label="The email address you signed with", max_length=254)


class RejectForm(forms.Form):
    reason = PlainTextField(
        label="Reason (sent to the signer)",
        max_length=500,
        required=False,
    )
