"""Writing the letter's text: a long paste is counted as its writer sees it, and a text refused
comes back as it was typed, with the reason beside the field and at the top of the form."""

import pytest

from campaigns.letters.forms import LETTER_MAX_CHARACTERS

pytestmark = pytest.mark.django_db


def test_line_breaks_sent_as_crlf_count_as_one_character(client, draft, alice):
    client.force_login(alice)
    # At the limit as the writer sees it; over it if each CRLF counted twice.
    lines = ["x" * 99] * (LETTER_MAX_CHARACTERS // 100)
    typed = "\n".join(lines) + "\n"
    assert len(typed) == LETTER_MAX_CHARACTERS

    response = client.post(
        f"/dashboard/{draft.slug}/letter/", {"markdown": typed.replace("\n", "\r\n")}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.draft_markdown == typed


def test_the_text_box_has_no_maxlength_that_would_cut_a_paste_silently(client, draft, alice):
    client.force_login(alice)
    page = client.get(f"/dashboard/{draft.slug}/letter/").content.decode()
    assert 'name="markdown"' in page
    assert "maxlength" not in page


def test_a_text_too_long_is_refused_at_the_field_and_kept_as_typed(client, draft, alice):
    client.force_login(alice)
    before = draft.draft_markdown
    typed = "A paragraph the organizer pasted.\r\n\r\n" * 7_000

    response = client.post(f"/dashboard/{draft.slug}/letter/", {"markdown": typed})

    page = response.content.decode()
    length = len(typed.replace("\r\n", "\n"))
    over = length - LETTER_MAX_CHARACTERS
    reason = (
        f"A letter can be at most 100,000 characters; this text has {length:,}. "
        f"Shorten it by {over:,} characters."
    )
    assert response.status_code == 200
    assert page.count(reason) == 2  # beside the field, and at the top
    assert f'<a href="#id_markdown">Letter text</a>: {reason}' in page
    assert page.count("A paragraph the organizer pasted.") > 7_000  # the box, and the preview
    draft.refresh_from_db()
    assert draft.draft_markdown == before


def test_a_refused_text_is_previewed_as_typed_not_as_the_old_version(client, draft, alice):
    client.force_login(alice)
    client.post(f"/dashboard/{draft.slug}/letter/", {"markdown": "The old text."})

    typed = "*The new text.* " + "y" * LETTER_MAX_CHARACTERS
    page = client.post(f"/dashboard/{draft.slug}/letter/", {"markdown": typed}).content.decode()

    assert "<em>The new text.</em>" in page
    assert "The old text." not in page
