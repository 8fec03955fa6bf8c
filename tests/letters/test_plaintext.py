"""A letter's text as plain text, for the text part of an email."""

from campaigns.letters.markdown import render_markdown
from campaigns.letters.plaintext import plain_text


def test_the_letter_reads_as_plain_text_without_markdown():
    html = render_markdown(
        'We **urge** you to act -- "now". See [our statement](https://example.org).\n\n'
        "- Suspend the raids\n- Grant TPS\n  1. for mothers\n  2. for children\n\n"
        "> As the Court said.\n\n| State | Raids |\n|---|---|\n| Texas | 12 |\n\nLine one  \nline two"
    )

    assert plain_text(html) == (
        "We urge you to act – “now”. See our statement (https://example.org).\n\n"
        "• Suspend the raids\n• Grant TPS\n   1. for mothers\n   2. for children\n\n"
        "As the Court said.\n\nState | Raids\nTexas | 12\n\nLine one\nline two\n"
    )
