"""The signer's one typed name, as OSDI's given and family names."""

import pytest

from campaigns.signatures.resources import split_name


@pytest.mark.parametrize(
    ("typed", "given", "family"),
    [
        ("Mary Ann Smith", "Mary Ann", "Smith"),
        ("Alex Rivera", "Alex", "Rivera"),
        ("Cher", "Cher", ""),
        ("  Nydia   Velázquez ", "Nydia", "Velázquez"),
        ("", "", ""),
    ],
)
def test_the_family_name_is_the_last_word_as_the_signer_list_sorts_people(typed, given, family):
    assert split_name(typed) == (given, family)
