"""Properties that hold for any input at all, not just the corpus: the form fields' cleaners,
the credit formatter, the Markdown sanitizer, and the signing service."""

import unicodedata
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from campaigns.congress.credits import AP_STATES, STATE_NAMES
from campaigns.errors import SigningError
from campaigns.letters.markdown import render_markdown, sanitize_html
from campaigns.letters.models import Campaign
from campaigns.signatures import services
from campaigns.signatures.forms import SIGN_FORMS
from campaigns.signatures.models import Signature
from cosign.fields import (
    LowercaseEmailField,
    PhoneField,
    PlainTextField,
    plain_text,
    record_ids,
    search_text,
)
from tests.factories import make_open_campaign
from tests.hostile.corpus import HOSTILE
from tests.inert import active_content

# No example database: a failure prints its own reproduction, and the repository stays clean.
PURE = settings(max_examples=200, deadline=None, database=None)
WITH_DB = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# What may never reach a one-line display field: line breaks, NUL and other controls, and the
# invisible characters that reorder or hide text.
FORBIDDEN = {"\r", "\n", "\x00", "\x85", "\u2028", "\u2029"} | {
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F,
                     0xFEFF]
}  # fmt: skip


def is_clean_line(text: str) -> bool:
    return not FORBIDDEN & set(text) and all(unicodedata.category(c) != "Cc" for c in text)


# Text as people type it and as attackers send it: any characters (the HTTP layer turns lone
# surrogates into U+FFFD before a form sees them, so hypothesis's text() never draws them), and
# the hostile corpus itself.
ENCODABLE_CORPUS = [v for v in HOSTILE.values() if v.encode("utf-8", "ignore").decode() == v]
# Characters that interact: letters and the marks that combine with them, the invisible ones
# between them, controls, direction overrides and every kind of space and line break.
TRICKY = (
    "aeAZ\u0430\u0435\u00e9\u0301\u0308\u0327\u200b\u200c\u200d\u2060\ufeff\u202a\u202e"
    "\u2066\u2069\u200e\x00\x07\x1f\x7f\x85\t\r\n \u00a0\u2000\u2028\u2029\u3000=+-@<>\"'"
)
typed = st.one_of(
    st.text(max_size=80), st.text(alphabet=TRICKY, max_size=20), st.sampled_from(ENCODABLE_CORPUS)
)
states = st.one_of(st.sampled_from(sorted(STATE_NAMES)), st.text(max_size=3))
form_states = st.sampled_from(["", *sorted(STATE_NAMES)])  # what the forms' choice lists allow
styles = st.sampled_from(Campaign.CreditStyle.values)


# Credits ----------------------------------------------------------------------------------------


@settings(PURE, max_examples=1000)  # cheap, and the interesting inputs are rare
@given(raw=typed)
def test_cleaned_text_is_one_nfc_line_and_cleaning_it_again_changes_nothing(raw):
    """What every signer field stores: a single line in NFC, however it was typed."""
    text = plain_text(raw)
    assert is_clean_line(text)
    assert text == text.strip() and "  " not in text
    assert unicodedata.is_normalized("NFC", text)
    assert plain_text(text) == text


@PURE
@given(raw=st.one_of(st.none(), typed), limit=st.integers(min_value=0, max_value=120))
def test_search_text_is_a_clean_line_no_longer_than_its_limit(raw, limit):
    """What reaches a search query: PostgreSQL refuses NUL, and a line break is not a name."""
    text = search_text(raw, limit=limit)
    assert len(text) <= limit
    assert is_clean_line(text)


@PURE
@given(values=st.lists(st.one_of(typed, st.integers(min_value=-5, max_value=10**20).map(str))))
def test_record_ids_are_the_ascii_whole_numbers_among_the_values_and_nothing_else(values):
    """Ids posted from the moderation queue: superscripts, signs, separators and huge numbers
    never become a row's id."""
    expected = [int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18]
    assert record_ids(values) == expected
    assert all(0 <= pk < 10**18 for pk in record_ids(values))


@PURE
@given(raw=typed, max_length=st.integers(min_value=1, max_value=100))
def test_a_plain_text_field_accepts_only_a_clean_line_within_its_length(raw, max_length):
    try:
        text = PlainTextField(max_length=max_length, required=False).clean(raw)
    except ValidationError:
        event("refused")
        assert len(plain_text(raw)) > max_length
        return
    assert text == plain_text(raw) and len(text) <= max_length


@PURE
@given(raw=st.one_of(typed, st.emails(), st.emails().map(lambda a: f" {a.upper()}\r\n")))
def test_an_email_field_accepts_only_one_lowercase_address(raw):
    """An address that reaches a To: header: no second address, no header, no display name."""
    try:
        address = LowercaseEmailField(max_length=254).clean(raw)
    except ValidationError:
        event("refused")
        return
    event("accepted")
    assert address == address.lower() and len(address) <= 254
    assert address.count("@") == 1 and not set(address) & set(' ,;<>"\r\n\t\x00')
    assert address == raw.strip().lower()


@PURE
@given(raw=st.one_of(typed, st.from_regex(r"\A[0-9+().\- x]{7,20}\Z")))
def test_a_phone_field_accepts_only_digits_and_separators(raw):
    try:
        phone = PhoneField(required=False).clean(raw)
    except ValidationError:
        event("refused")
        return
    event("accepted")
    assert is_clean_line(phone) and len(phone) <= 40
    assert set(phone) <= set("0123456789+().-/ xXext") or phone == ""
    assert phone == "" or sum(c.isdigit() for c in phone) >= 7


@PURE
@given(
    kind=st.sampled_from(["individual", "organization"]),
    name=typed, city=typed, state=form_states, show_name=st.booleans(), style=styles,
)  # fmt: skip
def test_a_signers_credit_is_one_clean_line_with_their_name_in_it(
    kind, name, city, state, show_name, style
):
    """As the forms store the fields (cleaned), the credit is one clean line that names the
    signer, or says the name is withheld."""
    name, city = plain_text(name)[:200], plain_text(city)[:100]
    signature = Signature(kind=kind, name=name, city=city, state=state, show_name=show_name)

    credit = signature.credit(style)

    assert isinstance(credit, str) and is_clean_line(credit)
    assert credit.startswith(name if show_name else "Name withheld")
    if style == Campaign.CreditStyle.AP and city and state in AP_STATES:
        assert credit.endswith(f"{city}, {AP_STATES[state]}")


@PURE
@given(
    name=typed,
    title=st.sampled_from(["Rep.", "Sen.", "Del.", "Res. Comm."]),
    party=st.sampled_from(["D", "R", "I"]),
    state=st.sampled_from(sorted(STATE_NAMES)),
    style=styles,
)
def test_a_members_credit_is_title_name_party_and_state(name, title, party, state, style):
    name = plain_text(name)
    signature = Signature(kind="legislator", name=name, title=title, party=party, state=state)

    credit = signature.credit(style)

    assert is_clean_line(credit)
    expected = {
        Campaign.CreditStyle.AP: f"{title} {name}, {party}-{AP_STATES[state]}",
        Campaign.CreditStyle.POSTAL: f"{title} {name} ({party}-{state})",
        Campaign.CreditStyle.NAME: name,
    }
    assert credit == expected[style]


@PURE
@given(name=st.text(), city=st.text(), state=st.text(), style=styles, show_name=st.booleans())
def test_the_formatter_itself_never_fails_and_neither_adds_to_nor_mangles_a_name(
    name, city, state, style, show_name
):
    """Cleaning is the forms' job; the formatter takes any text and prints the name as given."""
    credit = Signature(
        kind="individual", name=name, city=city, state=state, show_name=show_name
    ).credit(style)

    assert isinstance(credit, str)
    assert credit.startswith(name if show_name else "Name withheld")


@PURE
@given(name=typed, other=typed, city=typed, state=form_states, style=styles)
def test_a_withheld_name_never_leaks_into_the_credit(name, other, city, state, style):
    def credit(who):
        return Signature(
            kind="individual", name=who, city=city, state=state, show_name=False
        ).credit(style)

    assert credit(name) == credit(other)


# The Markdown sanitizer -------------------------------------------------------------------------

FRAGMENTS = [
    "<script>", "</script>", "<script src=//evil.example/x.js>", "onerror=", "onload=\"",
    " onmouseover=alert(1) ", "javascript:", "JaVaScRiPt:", " java\tscript:", "vbscript:",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml,", "<a href=\"", "<a href=",
    "\">", ">", "<", "\"", "'", "`", "<img src=x ", "style=\"", "style=", "expression(",
    "url(", "<iframe", "<iframe srcdoc=\"", "<svg", "<svg/onload=", "<math>", "<style>",
    "</style>", "<object data=", "<embed src=", "<form action=", "<input ", "<base href=",
    "<meta http-equiv=refresh content=\"0;url=", "<link rel=stylesheet href=", "srcset=",
    "formaction=", "xlink:href=", "<!--", "-->", "<![CDATA[", "]]>", "&#106;", "&#x6A;",
    "&colon;", "&NewLine;", "&lt;", "[click](", "![x](", "](", ")", "[", "]", "<http://",
    "<javascript:alert(1)>", "\n", "\n\n", "    ", "```", "> ", "- ", "1. ", "|a|b|\n|-|-|\n",
    "<table><tr><td ", "<p ", "<b ", "<a ", "<ol start=", "</a>", "\x00", "\u202e", "\ufeff",
]  # fmt: skip
markdown_sources = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40
).map("".join)


@PURE
@given(source=markdown_sources)
def test_any_letter_text_renders_to_html_that_cannot_run_anything(source):
    html = render_markdown(source)
    assert active_content(html) == [], html
    assert "\x00" not in html


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@PURE
@given(source=markdown_sources)
def test_sanitizing_the_stored_html_again_leaves_its_text_alone(source):
    """Nothing in the stored HTML was left for a later pass to remove. (Not byte for byte:
    html5ever may re-nest what it once serialized, as with <p> inside <p>.)"""
    html = render_markdown(source)
    again = sanitize_html(html)
    assert text_of(again) == text_of(html)
    assert active_content(again) == []


@PURE
@given(source=markdown_sources)
def test_rendering_the_rendered_html_again_stays_inert(source):
    """HTML pasted back into the editor (a copy of a published letter) is still made inert."""
    assert active_content(render_markdown(render_markdown(source))) == []


# The signing service ----------------------------------------------------------------------------

# Mostly what a form accepts, so that most examples reach the service; sometimes not.
visible = typed.map(lambda text: f"{text} Rivera")  # something shows however it is cleaned
emails = st.one_of(st.emails(), st.emails().map(str.upper), typed)
form_states_or_not = st.sampled_from(
    [*sorted(STATE_NAMES), "", "XX", "ca", "C\u0430", "<s", "\x00A"]
)


@pytest.fixture
def letter(alice):
    return make_open_campaign(alice, allows_individuals=True, requires_approval=False)


@pytest.mark.django_db
@WITH_DB
@given(
    signer_name=visible, email=emails, city=visible, state=form_states_or_not,
    affiliation=typed, show_name=st.booleans(),
)  # fmt: skip
def test_whatever_a_signer_types_one_clean_signature_is_stored_or_they_are_told_why(
    letter, signer_name, email, city, state, affiliation, show_name
):
    """The sign-on path as the page runs it: the form cleans and checks, the service stores."""
    data = {
        "version": 1, "signer_name": signer_name, "email": email, "city": city, "state": state,
        "affiliation": affiliation, "show_name": "on" if show_name else "",
    }  # fmt: skip
    form = SIGN_FORMS["individual"](data)
    before = Signature.objects.count()
    if not form.is_valid():
        event(f"the form said no: {', '.join(sorted(form.errors))}")
        assert form.errors
        assert Signature.objects.count() == before
        return
    try:
        signature = services.signature_create(
            campaign=letter, version_number=1, details=form.details()
        )
    except SigningError as refusal:
        told = str(refusal)
    else:
        told = ""
    if told:  # refused, with a message the signer can read
        event("the service said no")
        assert Signature.objects.count() == before
        return
    event("stored")

    assert Signature.objects.count() == before + 1
    signature.refresh_from_db()
    signer_name_stored = signature.contact.signer_name
    for value in (signature.name, signer_name_stored, signature.city, signature.affiliation):
        assert is_clean_line(value), repr(value)
    assert signature.name == signer_name_stored == plain_text(signer_name)
    assert is_clean_line(signature.credit(letter.credit_style))


@pytest.mark.django_db
@WITH_DB
@given(
    signer_name=st.text(max_size=200), email=st.emails(), city=st.text(max_size=100),
    state=states, affiliation=st.text(max_size=200), show_name=st.booleans(),
)  # fmt: skip
def test_the_signing_service_refuses_only_with_its_own_error(
    letter, signer_name, email, city, state, affiliation, show_name
):
    """Called directly with any text of the forms' lengths, it stores one signature or raises
    SigningError: never an IntegrityError or anything else a caller would not expect."""
    assume(len(email) <= 254)
    details = services.SignerDetails(
        kind="individual", email=email, signer_name=signer_name, city=city, state=state[:2],
        affiliation=affiliation, show_name=show_name,
    )  # fmt: skip
    before = Signature.objects.count()
    try:
        services.signature_create(campaign=letter, version_number=1, details=details)
    except SigningError:
        assert Signature.objects.count() == before
    else:
        assert Signature.objects.count() == before + 1
