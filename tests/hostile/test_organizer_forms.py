"""The hostile corpus through each organizer form at once: what the form accepts is stored
exactly as it cleans it and shown inert everywhere; what it refuses is refused field by field,
with nothing stored.

Each form gets every corpus entry, spread over its text fields in a few payloads, and one
payload that each of its fields refuses. The cleaners meet any input at all in
test_properties.py; every output surface meets one letter hostile everywhere in
test_surfaces.py."""

from collections.abc import Callable
from html import escape

import pytest
from django import forms
from django.core import mail
from django.utils import timezone

import cosign.urls  # noqa: F401  every view module, so every form class, is loaded
from campaigns.api.forms import TokenForm
from campaigns.circulation.forms import (
    ApplyListForm,
    ContactForm,
    DearColleagueForm,
    OfficesForm,
    ReminderForm,
    SaveListForm,
    TargetForm,
    TrackerActionForm,
)
from campaigns.delivery.views import RecordForm
from campaigns.letters.forms import (
    CampaignCreateForm,
    CampaignSettingsForm,
    InvitationForm,
    LetterTextForm,
    MemberOfficeForm,
    MemberRoleForm,
    RecipientForm,
    RecipientPickForm,
    RevisionPublishForm,
)
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign, Invitation, LetterVersion, Recipient
from campaigns.signatures import services
from campaigns.signatures.forms import SIGN_FORMS, RejectForm, ResendForm, SignForm
from campaigns.signatures.models import Signature
from campaigns.webhooks.forms import EndpointForm
from campaigns.webhooks.models import Endpoint
from cosign.fields import plain_text
from tests.factories import (
    add_member,
    add_signature,
    make_legislator,
    make_open_campaign,
)
from tests.hostile.corpus import HOSTILE, spread
from tests.hostile.surfaces import (
    assert_csv_inert,
    assert_email_inert,
    assert_emails_inert,
    assert_html_inert,
    assert_pages_inert,
    dashboard_urls,
    public_urls,
)
from tests.hostile.wire import as_received, post_form

pytestmark = pytest.mark.django_db

EVERY_ENTRY = [label for label in HOSTILE if label != "overlong"]  # too long for any one field
WHOLE_CORPUS = "\n\n".join(v for v in HOSTILE.values() if "\x00" not in v)


def plain(value: str) -> str:
    """What a PlainTextField stores for `value` as sent: one clean line."""
    return plain_text(as_received(value))


def text(value: str) -> str:
    """What Django's own CharField stores: the text as received, stripped."""
    return as_received(value).strip()


# Each form's text fields: what each stores for what is sent. Django's CharField refuses NUL,
# so the corpus's NUL byte goes to the PlainTextFields (which make it a space).
TEXT_FIELDS: dict[type[forms.BaseForm], dict[str, Callable[[str], str]]] = {
    CampaignCreateForm: {"title": plain},
    CampaignSettingsForm: {
        "title": plain, "letterhead": plain, "salutation": plain, "closing": plain,
        "contact": plain, "summary": text,
    },
    LetterTextForm: {"change_note": plain},  # the markdown takes the whole corpus at once
    RecipientForm: {
        "name": plain, "title": plain, "organization": plain, "address": text, "greeting": plain,
    },
    RejectForm: {"reason": plain},
    RecordForm: {"note": text},  # in test_surfaces.py: the delivery record
}  # fmt: skip
# Payloads each of whose fields is refused; each field named, and only those, carries an error.
REFUSED: dict[type[forms.BaseForm], dict[str, str]] = {
    CampaignCreateForm: {"title": HOSTILE["overlong"]},
    CampaignSettingsForm: {
        "title": HOSTILE["overlong"], "slug": HOSTILE["script"], "summary": HOSTILE["nul byte"],
        "letterhead": "x" * 201, "salutation": HOSTILE["unicode"] * 10,
        "closing": HOSTILE["sql"] * 3, "contact": HOSTILE["overlong"][:301],
        "deadline_date": HOSTILE["sql"], "deadline_time": HOSTILE["template tag"],
        "time_zone": HOSTILE["javascript url"], "goal": HOSTILE["csv minus"],
        "signer_order": HOSTILE["svg onload"], "credit_style": HOSTILE["csv at"],
        "visibility": HOSTILE["script"], "release_at": HOSTILE["sql"],
        "embargo_until": HOSTILE["template tag"], "letter_date": HOSTILE["sql"],
        "sender_name": HOSTILE["email with crlf"],
    },
    LetterTextForm: {"markdown": HOSTILE["nul byte"], "change_note": HOSTILE["overlong"]},
    RevisionPublishForm: {"kind": HOSTILE["script"], "reconfirm_by": HOSTILE["sql"]},
    RecipientForm: {
        "name": HOSTILE["overlong"], "title": "x" * 201, "organization": "y" * 201,
        "address": HOSTILE["overlong"], "email": HOSTILE["email with crlf"],
        "channel": HOSTILE["script"], "greeting": "z" * 201,
    },
    RecipientPickForm: {"who": HOSTILE["sql"]},
    InvitationForm: {
        "email": HOSTILE["email list"], "role": HOSTILE["header injection"],
        "office": HOSTILE["sql"],
    },
    MemberRoleForm: {"role": HOSTILE["event handler"]},
    MemberOfficeForm: {"office": HOSTILE["script"]},
    RejectForm: {"reason": HOSTILE["overlong"]},
    OfficesForm: {
        "chamber": HOSTILE["script"], "party": HOSTILE["sql"], "state": HOSTILE["rtl override"],
        "committee": HOSTILE["template tag"], "side": HOSTILE["csv at"],
        "search": HOSTILE["overlong"],
    },
    TargetForm: {
        "status": "signed", "note": HOSTILE["overlong"], "next_step": "x" * 201,
    },
    TrackerActionForm: {"action": HOSTILE["event handler"], "note": HOSTILE["overlong"]},
    SaveListForm: {"name": HOSTILE["overlong"]},
    ApplyListForm: {"saved": HOSTILE["sql"]},
    ReminderForm: {
        "label": HOSTILE["overlong"], "send_on": HOSTILE["sql"],
        "send_time": HOSTILE["template tag"],
    },
    RecordForm: {"method": HOSTILE["script"], "delivered_on": HOSTILE["sql"], "note": "x" * 2001},
    ContactForm: {
        "name": HOSTILE["overlong"], "email": HOSTILE["email with crlf"], "title": "x" * 201,
        "phone": HOSTILE["script"],
    },
    DearColleagueForm: {
        "subject": HOSTILE["overlong"], "body_markdown": HOSTILE["nul byte"],
        "statuses": HOSTILE["event handler"],
    },
    EndpointForm: {"url": HOSTILE["javascript url"], "events": HOSTILE["script"]},
    TokenForm: {"name": HOSTILE["overlong"], "scope": HOSTILE["script"], "letters": HOSTILE["sql"]},
}  # fmt: skip
NOT_TEXT = (forms.BooleanField,)  # a checkbox is on or off, whatever is sent


# The signers' forms, checked in test_signing_forms.py.
SIGNING = {SignForm, ResendForm, *SIGN_FORMS.values()}


def organizer_forms() -> set[type[forms.BaseForm]]:
    """Every form class of Cosign's but the signers' own."""
    found, stack = set(), [forms.Form, forms.ModelForm]
    while stack:
        for form in stack.pop().__subclasses__():
            stack.append(form)
            if form.__module__.startswith("campaigns.") and form not in SIGNING:
                found.add(form)
    return found


def test_every_field_of_every_organizer_form_gets_hostile_input():
    """A new form, or a new field, without hostile input here fails."""
    assert organizer_forms() == set(REFUSED)
    for form, payload in REFUSED.items():
        fields = {n for n, f in form.base_fields.items() if not isinstance(f, NOT_TEXT)}
        assert set(payload) == fields, form
        assert set(TEXT_FIELDS.get(form, {})) <= fields, form


def capacities(form: type[forms.BaseForm]) -> dict[str, int]:
    return {name: form.base_fields[name].max_length for name in TEXT_FIELDS[form]}


def payloads_for(form: type[forms.BaseForm]) -> list[dict[str, str]]:
    nul_refused = frozenset(name for name, store in TEXT_FIELDS[form].items() if store is text)
    return spread(EVERY_ENTRY, capacities(form), refuse_nul=nul_refused)


def stored_rows() -> list[list[dict]]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Campaign, Recipient, Invitation, LetterVersion, Signature)
    ]


def assert_refused(client, url: str, form: type[forms.BaseForm], base: dict, *, status: int):
    before = stored_rows()
    response = post_form(client, url, {**base, **REFUSED[form]})

    assert response.status_code == status
    assert set(response.context["form"].errors) == set(REFUSED[form]), response.context["form"]
    assert_html_inert(response.content.decode(), where=url)
    assert stored_rows() == before


def witness_signs(campaign: Campaign, callbacks) -> None:
    """Someone signs after the change, so that the confirmation email carries it."""
    details = services.SignerDetails(
        kind="individual", email="wendy@example.org", signer_name="Wendy Witness",
        city="Oakland", state="CA",
    )  # fmt: skip
    with callbacks(execute=True):
        services.signature_create(
            campaign=campaign, version_number=campaign.current_version.number, details=details
        )


def assert_shown_inert(client, campaign: Campaign, callbacks) -> None:
    """Every page of the letter, public and dashboard, and its emails and CSV, are inert."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    witness_signs(campaign, callbacks)
    assert_emails_inert(mail.outbox)
    assert_pages_inert(client, [*public_urls(campaign), *dashboard_urls(campaign)])
    assert_csv_inert(client, campaign)


@pytest.fixture
def letter(alice, client):
    """Alice's open letter, which she is signed in to edit: one Member has signed it, and
    anyone may sign."""
    campaign = make_open_campaign(
        alice, allows_individuals=True, requires_approval=False, goal=150,
        letterhead="Congress of the United States", contact="Alex Rivera, 202-225-3072",
    )  # fmt: skip
    add_signature(campaign, make_legislator(), is_lead=True, lead_position=1)
    client.force_login(alice)
    return campaign


def settings_data(campaign: Campaign) -> dict[str, object]:
    deadline = timezone.localtime(campaign.deadline, campaign.zone)
    return {
        "title": "Suspend the raids", "slug": campaign.slug, "summary": "146 Members ask.",
        "letterhead": "Congress of the United States", "salutation": "Dear President Obama:",
        "closing": "Sincerely,", "contact": "Alex Rivera, 202-225-3072", "goal": "150",
        "deadline_date": deadline.date().isoformat(), "deadline_time": "18:00",
        "time_zone": "America/New_York", "allows_legislators": "on",
        "allows_individuals": "on", "signer_order": "last_name", "credit_style": "ap",
    }  # fmt: skip


RECIPIENT = {
    "name": "Secretary Jeh Johnson", "title": "Secretary of Homeland Security",
    "organization": "Department of Homeland Security", "email": "secretary@dhs.example",
    "address": "245 Murray Lane SW\nWashington, DC 20528", "channel": "print",
}  # fmt: skip


def test_new_letters_titled_with_the_corpus(client, alice):
    client.force_login(alice)
    payloads = payloads_for(CampaignCreateForm)
    for hostile in payloads:
        response = post_form(client, "/dashboard/new/", hostile)

        assert response.status_code == 302
        slug = response["Location"].split("/")[2]
        assert response["Location"] == f"/dashboard/{slug}/letter/"
        assert Campaign.objects.get(slug=slug).title == plain(hostile["title"])

    assert Campaign.objects.count() == len(payloads)
    slugs = Campaign.objects.values_list("slug", flat=True)
    pages = [f"/dashboard/{s}/{page}" for s in slugs for page in ("", "settings/", "letter/")]
    assert_pages_inert(client, ["/dashboard/", *pages])
    listing = client.get("/dashboard/").content.decode()
    assert all(
        escape(title) in listing for title in Campaign.objects.values_list("title", flat=True)
    )
    assert_refused(client, "/dashboard/new/", CampaignCreateForm, {}, status=200)


def test_settings_full_of_the_corpus(client, letter, draft, django_capture_on_commit_callbacks):
    url = f"/dashboard/{letter.slug}/settings/"
    for hostile in payloads_for(CampaignSettingsForm):
        response = post_form(client, url, {**settings_data(letter), **hostile})

        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == f"/dashboard/{letter.slug}/"
        stored = Campaign.objects.values(*hostile).get(pk=letter.pk)
        store = TEXT_FIELDS[CampaignSettingsForm]
        assert stored == {name: store[name](value) for name, value in hostile.items()}
        assert (
            escape(stored.get("title", letter.title))
            in client.get(f"/letters/{letter.slug}/").content.decode()
        )

    assert_shown_inert(client, letter, django_capture_on_commit_callbacks)
    # On a draft the web address may change too: the refused payload includes it.
    draft_url = f"/dashboard/{draft.slug}/settings/"
    assert_refused(client, draft_url, CampaignSettingsForm, settings_data(draft), status=200)


def test_letter_text_and_change_notes_full_of_the_corpus(
    client, letter, django_capture_on_commit_callbacks
):
    url = f"/dashboard/{letter.slug}/letter/"
    publish = f"/dashboard/{letter.slug}/versions/next/publish/"
    payloads = payloads_for(LetterTextForm)
    for n, hostile in enumerate(payloads, start=2):
        markdown = f"{WHOLE_CORPUS}\n\nVersion {n}.\r\n"
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(client, url, {"markdown": markdown, **hostile})
            assert response.status_code == 302
            assert response["Location"] == f"/dashboard/{letter.slug}/versions/next/"
            assert "Version" in client.get(response["Location"]).content.decode()
            post_form(client, publish, {"kind": "correction", "confirm": "yes"})

        version = LetterVersion.objects.get(campaign=letter, number=n)
        assert version.markdown == as_received(markdown).replace("\r\n", "\n")
        assert version.html == render_markdown(version.markdown)
        assert version.change_note == plain(hostile["change_note"])
        versions = client.get(f"/dashboard/{letter.slug}/versions/").content.decode()
        assert escape(version.change_note) in versions

    assert_shown_inert(client, letter, django_capture_on_commit_callbacks)
    assert_refused(client, url, LetterTextForm, {}, status=200)
    assert_refused(client, publish, RevisionPublishForm, {"confirm": "yes"}, status=400)


def test_a_preview_of_the_whole_corpus_is_the_sanitized_rendering(client, letter):
    url = f"/dashboard/{letter.slug}/letter/preview/"
    before = stored_rows()

    shown = post_form(client, url, {"markdown": WHOLE_CORPUS})
    too_long = post_form(client, url, {"markdown": HOSTILE["overlong"] * 11})

    assert shown.status_code == 200
    assert shown.content.decode() == render_markdown(as_received(WHOLE_CORPUS))
    assert_html_inert(shown.content.decode(), where=url)
    assert too_long.status_code == 400
    assert too_long.content.decode().startswith(
        '<p class="field__errors">A letter can be at most 100,000 characters; this text has '
    )
    assert stored_rows() == before


@pytest.mark.parametrize("editing", [False, True], ids=["add", "edit"])
def test_recipients_full_of_the_corpus(client, letter, editing, django_capture_on_commit_callbacks):
    existing = letter.recipients.get()
    url = f"/dashboard/{letter.slug}/" + (
        f"recipients/{existing.pk}/" if editing else "recipients/add/"
    )
    payloads = payloads_for(RecipientForm)
    for hostile in payloads:
        response = post_form(client, url, {**RECIPIENT, **hostile})

        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == f"/dashboard/{letter.slug}/recipients/"
        recipient = existing if editing else letter.recipients.order_by("pk").last()
        stored = Recipient.objects.values(*hostile).get(pk=recipient.pk)
        store = TEXT_FIELDS[RecipientForm]
        assert stored == {name: store[name](value) for name, value in hostile.items()}

    assert letter.recipients.count() == 1 if editing else 1 + len(payloads)
    assert_shown_inert(client, letter, django_capture_on_commit_callbacks)
    assert_refused(client, url, RecipientForm, RECIPIENT, status=200)


def test_an_invitation_a_role_or_an_office_change_with_hostile_values_is_refused(
    client, letter, bob
):
    invite = f"/dashboard/{letter.slug}/team/invite/"
    assert_refused(client, invite, InvitationForm, {}, status=400)

    member = add_member(letter, bob, "editor")
    role = f"/dashboard/{letter.slug}/team/{member.pk}/role/"
    response = post_form(client, role, REFUSED[MemberRoleForm])

    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/{letter.slug}/team/"
    member.refresh_from_db()
    assert member.role == "editor"
    team = client.get(response["Location"]).content.decode()
    assert "Choose owner, editor or viewer." in team
    assert_html_inert(team, where=response["Location"])

    office = f"/dashboard/{letter.slug}/team/{member.pk}/office/"
    refused = post_form(client, office, REFUSED[MemberOfficeForm])

    assert refused.status_code == 400
    member.refresh_from_db()
    assert member.office is None
    assert "Choose a sitting Member of Congress." in refused.content.decode()
    assert_html_inert(refused.content.decode(), where=office)


def test_rejection_reasons_full_of_the_corpus(client, letter, django_capture_on_commit_callbacks):
    action = f"/dashboard/{letter.slug}/signatures/action/"
    payloads = payloads_for(RejectForm)
    chosen = [
        add_signature(letter, make_legislator(f"R{n:06d}"), status="confirmed")
        for n in range(len(payloads) + 1)
    ]
    for signature, hostile in zip(chosen, payloads, strict=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(
                client, action, {"action": "reject", "ids": [str(signature.pk)], **hostile}
            )

        assert response.status_code == 302
        assert response["Location"] == f"/dashboard/{letter.slug}/signatures/"
        signature.refresh_from_db()
        assert signature.status == Signature.Status.REJECTED
        assert signature.rejection_reason == plain(hostile["reason"])

    assert_shown_inert(client, letter, django_capture_on_commit_callbacks)
    # A reason too long to keep refuses the rejection, saying why, rather than vanish.
    last = chosen[-1]
    refused = post_form(
        client, action, {"action": "reject", "ids": [str(last.pk)], **REFUSED[RejectForm]}
    )
    assert refused.status_code == 302
    queue = client.get(refused["Location"]).content.decode()
    assert "Nothing was rejected: Ensure this value has at most 500 characters" in queue
    last.refresh_from_db()
    assert (last.status, last.rejection_reason) == (Signature.Status.CONFIRMED, "")


def test_a_title_with_ampersands_and_quotes_reaches_email_subjects_as_typed(
    client, letter, django_capture_on_commit_callbacks
):
    """Subjects are plain text: “Jobs & Justice” must not arrive as “Jobs &amp; Justice”."""
    title = 'Jobs & Justice: "Children\'s" <Health> Act'
    saved = post_form(
        client, f"/dashboard/{letter.slug}/settings/", {**settings_data(letter), "title": title}
    )
    assert saved.status_code == 302

    witness_signs(Campaign.objects.get(pk=letter.pk), django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.subject == f"Confirm your signature on “{title}”"
    assert_email_inert(message)


@pytest.mark.parametrize("page", ["/dashboard/{slug}/webhooks/", "/webhooks/"])
def test_a_webhook_endpoint_full_of_the_corpus_is_refused(client, letter, page):
    url = page.format(slug=letter.slug)
    for hostile in [HOSTILE["script"], HOSTILE["sql"], HOSTILE["nul byte"], HOSTILE["overlong"]]:
        response = post_form(client, url, {"url": f"http://{hostile}/", "events": [hostile]})

        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"url", "events"}
        assert_html_inert(response.content.decode(), where=url)
    assert_refused(client, url, EndpointForm, {}, status=400)
    assert not Endpoint.objects.exists()


def test_a_token_asked_for_with_hostile_values_is_refused_field_by_field(client, letter):
    client.force_login(letter.created_by)

    assert_refused(client, "/accounts/api-tokens/new/", TokenForm, {}, status=400)
