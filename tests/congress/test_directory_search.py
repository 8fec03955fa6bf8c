import pytest

from campaigns.congress.models import Legislator
from tests.factories import make_legislator

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    make_legislator()
    make_legislator(
        "V000081", first_name="Nydia", last_name="Velázquez", display_name="Nydia Velázquez",
        official_full="Nydia M. Velázquez", state="NY", district=7,
        search_name="nydia velazquez nydia m. velazquez nydia velazquez",
    )  # fmt: skip
    make_legislator("S000033", display_name="Bernie Sanders", last_name="Sanders", chamber="senate",
                    title="Sen.", state="VT", district=None)  # fmt: skip
    make_legislator("G000535", display_name="Luis Gutiérrez", last_name="Gutiérrez", state="IL",
                    district=4, in_office=False)  # fmt: skip


def found(query: str) -> list[str]:
    return list(Legislator.objects.in_office().search(query).values_list("bioguide_id", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lofgren", ["L000397"]),
        ("Zoe Lofgren", ["L000397"]),
        ("velazquez", ["V000081"]),  # without the accent
        ("Velázquez", ["V000081"]),
        ("NY", ["V000081"]),
        ("new york", ["V000081"]),
        ("Vermont", ["S000033"]),
        ("CA-18", ["L000397"]),
        ("ca 18", ["L000397"]),
        ("NY-8", []),
        ("gutierrez", []),  # former Members cannot be signed on
        ("", []),
        ("<script>", []),
        ("%", []),
    ],
)
def test_members_are_found_by_name_state_or_district(directory, query, expected):
    assert found(query) == expected
