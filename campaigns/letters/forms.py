import zoneinfo
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from campaigns.congress.credits import STATE_NAMES
from campaigns.congress.models import Legislator
from campaigns.errors import WORDS, Code
from campaigns.letters.addressees import addressee, choices
from campaigns.letters.deadlines import US_TIME_ZONES, deadline_at
from campaigns.letters.models import (
    Campaign,
    CampaignMember,
    Invitation,
    LetterVersion,
    Recipient,
)
from cosign.fields import PlainTextField


class CampaignCreateForm(forms.Form):
    title = PlainTextField(
        max_length=200,
        help_text="You can change it, and everything else, before you publish.",
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class CampaignSettingsForm(forms.ModelForm):
    deadline_date = forms.DateField(
        label="Sign-on deadline",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="A date alone means close of business: 6 p.m. in the time zone below.",
    )
    deadline_time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    time_zone = forms.ChoiceField(choices=US_TIME_ZONES)
    release_at = forms.DateTimeField(
        label="Release at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the letter's time zone. Left empty: released by an owner, or on delivery.",
    )
    embargo_until = forms.DateTimeField(
        label="Press embargo until",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the letter's time zone; shown on the press page.",
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "summary",
            "letterhead",
            "salutation",
            "letter_date",
            "closing",
            "contact",
            "sender_name",
            "deadline_date",
            "deadline_time",
            "time_zone",
            "goal",
            "allows_legislators",
            "allows_organizations",
            "allows_individuals",
            "requires_approval",
            "accepts_unverified",
            "signer_order",
            "credit_style",
            "visibility",
            "signers_see_signers",
            "release_at",
            "release_on_delivery",
            "embargo_until",
        ]
        # One-line text that reaches email subjects and the PDF: no line breaks or direction
        # overrides, as in the signers' own fields.
        field_classes = {
            name: PlainTextField
            for name in ("title", "letterhead", "salutation", "closing", "contact", "sender_name")
        }
        labels = {"slug": "Web address", "goal": "Goal (number of signatures)"}
        help_texts = {"slug": "Letters, numbers and hyphens; fixed once the letter is published."}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    # When signing ends and who may sign are the owners' to decide; editors see them.
    OWNER_FIELDS = (
        "deadline_date",
        "deadline_time",
        "time_zone",
        "allows_legislators",
        "allows_organizations",
        "allows_individuals",
        "requires_approval",
        "accepts_unverified",
        "visibility",
        "signers_see_signers",
        "release_at",
        "release_on_delivery",
        "embargo_until",
    )
    # Times the owner types in the letter's own time zone.
    LOCAL_TIMES = ("release_at", "embargo_until")

    def __init__(self, *args: Any, owner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign: Campaign = self.instance
        self.owner = owner
        if not campaign.is_draft:
            self.fields["slug"].disabled = True
        composed = campaign.composed_salutation() if campaign.pk else ""
        self.fields["salutation"].widget.attrs["placeholder"] = composed
        self.fields["salutation"].help_text = (
            f"Left empty, it is composed from the recipients: “{composed}”"
            if composed
            else self.fields["salutation"].help_text
        )
        if campaign.deadline:
            local = timezone.localtime(campaign.deadline, campaign.zone)
            self.initial["deadline_date"] = local.date()
            self.initial["deadline_time"] = local.time()
        for name in self.LOCAL_TIMES:
            moment = getattr(campaign, name)
            if moment is not None:
                self.initial[name] = timezone.localtime(moment, campaign.zone).replace(tzinfo=None)
        # Left out of a submission (an older form, a script), the letter keeps its visibility.
        self.fields["visibility"].required = False
        if not campaign.is_draft:
            # Once published, a private letter becomes public only by being released.
            self.fields["visibility"].disabled = True
            self.fields["visibility"].help_text = "Fixed once published: release it instead."
        if not owner:
            for name in self.OWNER_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Only the letter's owners change this."

    def clean_sender_name(self) -> str:
        name = str(self.cleaned_data["sender_name"])
        if any(char in name for char in '@<>"'):
            raise forms.ValidationError(
                "A name only, without an email address or quotes: the letter is sent from our "
                "address, and replies go to the organizers."
            )
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.owner:
            data["deadline"] = self.instance.deadline  # disabled fields: nothing to check
            return data
        day, at = data.get("deadline_date"), data.get("deadline_time")
        if at and not day:
            self.add_error("deadline_date", "Give the date as well as the time.")
        elif day and "time_zone" in data:
            deadline = deadline_at(day, at, data["time_zone"])
            if deadline <= timezone.now() and deadline != self.instance.deadline:
                self.add_error("deadline_date", "The deadline must be in the future.")
            data["deadline"] = deadline
        elif not self.instance.is_draft:
            self.add_error("deadline_date", "A published letter needs a deadline.")
        data["visibility"] = data.get("visibility") or self.instance.visibility
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or self.instance.time_zone)
        for name in self.LOCAL_TIMES:
            if data.get(name) is not None:
                data[name] = timezone.make_naive(data[name]).replace(tzinfo=zone)
        if not any(
            data.get(kind)
            for kind in ("allows_legislators", "allows_organizations", "allows_individuals")
        ):
            self.add_error("allows_legislators", "Allow at least one kind of signer.")
        return data

    def save(self, commit: bool = True) -> Campaign:
        self.instance.deadline = self.cleaned_data.get("deadline")
        return super().save(commit=commit)


LETTER_MAX_CHARACTERS = 100_000


class LetterTextForm(forms.Form):
    # No max_length: the browser would cut a long paste silently at maxlength, and count its
    # line breaks as one character where the server counts the CRLF it sends as two.
    markdown = forms.CharField(
        label="Letter text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text="Markdown: a blank line between paragraphs, **bold**, *italic*, "
        "[a link](https://example.org), lists with - or 1.",
    )
    change_note = PlainTextField(
        label="What changed (optional)",
        max_length=300,
        required=False,
        help_text="Shown in the version history and in the notice to earlier signers.",
    )

    def clean_markdown(self) -> str:
        # Browsers send CRLF; store LF so that fingerprints and diffs do not see phantom edits,
        # and count the text as its writer sees it: a line break is one character.
        # (A NUL never gets here: CharField refuses it with a message of its own.)
        markdown = typed_text(str(self.cleaned_data["markdown"]))
        if len(markdown) > LETTER_MAX_CHARACTERS:
            raise forms.ValidationError(
                "A letter can be at most %(limit)s characters; this text has %(length)s. "
                "Shorten it by %(over)s characters.",
                code="max_length",
                params={
                    "limit": f"{LETTER_MAX_CHARACTERS:,}",
                    "length": f"{len(markdown):,}",
                    "over": f"{len(markdown) - LETTER_MAX_CHARACTERS:,}",
                },
            )
        return markdown


def typed_text(text: str) -> str:
    """Text from a textarea as its writer typed it: line breaks as LF."""
    return text.replace("\r\n", "\n")


class RevisionPublishForm(forms.Form):
    """How the drafted next version is published; the date is the end of that day, in the
    letter's time zone."""

    kind = forms.ChoiceField(
        label="This change is",
        choices=[
            (
                LetterVersion.Kind.CORRECTION,
                "A correction: a typo or a fix that changes no meaning. Nobody is emailed.",
            ),
            (
                LetterVersion.Kind.SUBSTANTIVE,
                "A substantive change: signers of earlier versions are asked to re-confirm.",
            ),
        ],
        widget=forms.RadioSelect,
    )
    reconfirm_by = forms.DateField(
        label="Signers re-confirm by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Needed for a substantive change: after this day, those who have not "
        "re-confirmed are shown as having signed an earlier version, and you decide whether "
        "they stay.",
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") != LetterVersion.Kind.SUBSTANTIVE:
            data["reconfirm_at"] = None
            return data
        day = data.get("reconfirm_by")
        if day is None:
            if "reconfirm_by" not in self.errors:
                self.add_error("reconfirm_by", "Give the date by which signers re-confirm.")
            return data
        if day <= timezone.localdate(timezone.now(), self.campaign.zone):
            self.add_error("reconfirm_by", str(WORDS[Code.RECONFIRM_BY_PAST]))
        data["reconfirm_at"] = deadline_at(day, None, self.campaign.time_zone)
        return data


class RecipientForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = ["name", "title", "greeting", "organization", "address", "email", "channel"]
        field_classes = {
            name: PlainTextField for name in ("name", "title", "greeting", "organization")
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": "e.g. President Barack Obama",
            "address": "As it goes on the envelope, one line per line.",
        }


class RecipientPickForm(forms.Form):
    """A recipient from the directory, filled in: name, title, address and greeting."""

    who = forms.ChoiceField(
        label="From the directory",
        help_text="A Member, a committee's chair or ranking member, the leadership, or the "
        "President, the Vice President or a Cabinet secretary. You can edit what it fills in.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who = self.fields["who"]
        assert isinstance(who, forms.ChoiceField)
        who.choices = [("", "Choose…"), *choices()]

    def save(self, campaign: Campaign) -> Recipient:
        found = addressee(self.cleaned_data["who"])
        assert found is not None  # a valid choice stands for someone
        return Recipient.objects.create(
            campaign=campaign,
            position=campaign.recipients.count(),
            channel=Recipient.Channel.PRINT,
            name=found.name,
            title=found.title,
            organization=found.organization,
            address=found.address,
            greeting=found.greeting,
        )


def _state_name(member: Legislator) -> str:
    return STATE_NAMES.get(member.state) or member.state


def sitting_offices() -> list[Legislator]:
    """Sitting Members, by state (its name, as the list's headings read), then last name."""
    return sorted(
        Legislator.objects.in_office(),
        key=lambda member: (_state_name(member), member.last_name, member.first_name),
    )


def office_groups(offices: list[Legislator]) -> list[tuple[str, list[tuple[int, str]]]]:
    """[(state name, [(id, "Rep. Zoe Lofgren, D-Calif."), ...]), ...] for a grouped select."""
    return [
        (state, [(member.pk, str(member)) for member in members])
        for state, members in groupby(offices, key=_state_name)
    ]


class _OfficesByState(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from office_groups(sitting_offices())


class OfficeField(forms.ModelChoiceField):
    """An optional sitting Member's office; anything else is refused in words of our own."""

    iterator = _OfficesByState

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Legislator.objects.in_office(),
            required=False,
            label="Office",
            empty_label="No office",
            error_messages={"invalid_choice": WORDS[Code.NOT_SITTING]},
            **kwargs,
        )


class InvitationForm(forms.ModelForm):
    role = forms.ChoiceField(
        choices=[(CampaignMember.Role.EDITOR, "Editor"), (CampaignMember.Role.VIEWER, "Viewer")],
        initial=CampaignMember.Role.EDITOR,
        help_text="Editors change the text, the recipients and the settings and moderate "
        "signatures; owners also set the deadline and who may sign, close and deliver the "
        "letter and manage the team. Viewers only look.",
    )
    office = OfficeField(
        help_text="Their Member's office, if they work for a co-lead office: its signature is "
        "printed first."
    )

    class Meta:
        model = Invitation
        fields = ["email", "role", "office"]


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = CampaignMember
        fields = ["role"]


class MemberOfficeForm(forms.Form):
    office = OfficeField()
