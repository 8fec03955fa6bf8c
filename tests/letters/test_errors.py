"""The services' refusals are codes; campaigns/errors.py is the one place they become words."""

from campaigns.errors import WORDS, Blocked, Code, ServiceError, describe, describe_each, words


def test_every_code_has_words():
    assert set(WORDS) == set(Code)


def test_the_words_fill_in_the_facts():
    told = words(Code.STALE_PDF, pdf_count=1204, pdf_version=2, count=1205, version=3)
    assert told == (
        "The newest PDF holds 1,204 signatures on version 2; the letter now has 1,205 on "
        "version 3. Generate the PDF again, then deliver."
    )
    assert words(Code.OFFICE_TAKEN, title="Rep.", name="Ada Lovelace", contact="").endswith(
        "If you think that is a mistake, ask the letter's organizers."
    )
    assert words(Code.OFFICE_TAKEN, title="Rep.", name="Ada Lovelace", contact="a@b.org").endswith(
        "ask the letter's organizers (a@b.org)."
    )


def test_several_problems_are_told_one_by_one_or_together():
    blocked = Blocked([ServiceError(Code.NO_TEXT), ServiceError(Code.NO_DEADLINE)])
    assert blocked.code == Code.NO_TEXT
    assert describe_each(blocked) == ["Write the letter's text.", "Set a sign-on deadline."]
    assert describe(blocked) == str(blocked) == "Write the letter's text. Set a sign-on deadline."
