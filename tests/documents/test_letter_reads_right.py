"""The letter's PDF reads as a formal letter: words whole, dated as the organizer says."""

import datetime
import re

import pytest

from campaigns.documents import services as documents_services
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import LetterVersion
from tests.factories import make_open_campaign
from tests.pdfs import document_bytes, page_texts

pytestmark = pytest.mark.django_db

# Words the PDF used to break at the end of a line ("viol-ent", "Cent-ral", "resid-ences").
LONG_WORDS = (
    "Central American mothers fleeing violent persecution deserve humanitarian consideration; "
    "deportation raids on their residences are unconscionable, indiscriminate and "
    "counterproductive. "
)


def render(campaign, callbacks):
    with callbacks(execute=True):
        document = documents_services.document_request(campaign=campaign)
    document.refresh_from_db()
    assert document.status == "ready", document.error
    return page_texts(document_bytes(document))[0]


def test_the_pdf_breaks_lines_between_words_never_inside_one(
    alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    markdown = "\n\n".join(LONG_WORDS * 4 for _ in range(3))
    LetterVersion.objects.filter(campaign=campaign).update(
        markdown=markdown, html=render_markdown(markdown)
    )

    text = render(campaign, django_capture_on_commit_callbacks)

    assert "unconscionable" in text
    assert not re.search(r"[a-z]-\s*\n", text), text


def test_the_letter_is_dated_as_the_organizer_sets_it(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, letter_date=datetime.date(2016, 1, 12))

    assert "January 12, 2016" in render(campaign, django_capture_on_commit_callbacks)
