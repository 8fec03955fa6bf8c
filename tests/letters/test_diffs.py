"""What changed between two versions of a letter, word by word, in bounded time."""

import random
import re

from campaigns.letters.diffs import MAX_PAIRS, diff_html, diff_text
from tests.factories import LETTER_TEXT


def words(count: int, seed: int) -> str:
    """A text of `count` words from few distinct ones (the worst case for difflib's matcher),
    the first and last unlike any other text's."""
    rng = random.Random(seed)
    middle = (rng.choice(["we", "ask", "you", "to", "act", "now"]) for _ in range(count - 2))
    return " ".join([f"first{seed}", *middle, f"last{seed}"])


def test_a_changed_word_is_marked_and_counted():
    diff = diff_html(LETTER_TEXT, LETTER_TEXT.replace("suspend the raids", "end the raids"))
    assert "<del>suspend</del><ins>end</ins> the raids" in diff.html
    assert (diff.words_added, diff.words_removed) == (1, 1)
    assert "- We write to ask you to suspend the raids." in diff_text(
        LETTER_TEXT, LETTER_TEXT.replace("suspend", "end")
    )


def test_an_edit_in_a_long_text_is_still_marked_word_by_word():
    before = words(20_000, 1)
    middle = before.index(" ", len(before) // 2)
    diff = diff_html(before, before[:middle] + " indeed" + before[middle:])
    assert re.search(r"<ins>\s?indeed\s?</ins>", diff.html)
    assert (diff.words_added, diff.words_removed) == (1, 0)


def test_texts_too_different_to_compare_in_bounded_time_are_shown_replaced_whole():
    # 2,000 words against 2,000 others: 16 million pairs of tokens (20,000 words: hours).
    before, after = words(2_000, 1), words(2_000, 2)
    assert len(before) * len(after) > 10 * MAX_PAIRS

    diff = diff_html(before, after)

    assert diff.html.count("<del>") == 1 and diff.html.count("<ins>") == 1
    assert (diff.words_added, diff.words_removed) == (2_000, 2_000)
    paragraphs = diff_html(before.replace(" ", "\n\n"), after.replace(" ", "\n\n"))
    assert (paragraphs.words_added, paragraphs.words_removed) == (2_000, 2_000)
