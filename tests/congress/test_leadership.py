"""The leadership as a target: the posts Members hold now, from `leadership_roles`."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.congress.directory import leadership_title
from campaigns.congress.models import Legislator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legislators"
TODAY = date(2026, 6, 15)


def run(source: Path) -> None:
    call_command("import_legislators", str(source), stdout=StringIO())


def test_only_a_post_held_today_counts():
    roles = [
        {
            "title": "House Minority Whip",
            "chamber": "house",
            "start": "2019-01-03",
            "end": "2023-01-03",
        },
        {"title": "Speaker of the House", "chamber": "house", "start": "2025-01-03"},
    ]
    assert leadership_title(roles, today=TODAY) == "Speaker of the House"
    assert leadership_title(roles[:1], today=TODAY) == ""
    assert leadership_title(None, today=TODAY) == ""
    # A post with an end still to come is held until then.
    ending = [{"title": "Senate Majority Whip", "start": "2025-01-03", "end": "2027-01-03"}]
    assert leadership_title(ending, today=TODAY) == "Senate Majority Whip"
    assert leadership_title(ending, today=date(2027, 1, 3)) == ""


def test_two_posts_at_once_are_both_kept():
    roles = [{"title": "Speaker of the House"}, {"title": "House Republican Conference Chair"}]
    assert (
        leadership_title(roles, today=TODAY)
        == "Speaker of the House; House Republican Conference Chair"
    )


@pytest.mark.django_db
def test_the_leadership_is_a_target_and_a_member_who_leaves_office_leaves_it(tmp_path):
    run(FIXTURES / "legislators-current.yaml")

    assert list(
        Legislator.objects.in_leadership().values_list("bioguide_id", "leadership_title")
    ) == [("S000033", "Senate Democratic Outreach Chair")]
    # The CSV carries no leadership roles: importing it keeps the posts.
    run(FIXTURES / "legislators-current.csv")
    assert Legislator.objects.in_leadership().count() == 1

    lines = (FIXTURES / "legislators-current.csv").read_text().splitlines()
    without_sanders = tmp_path / "legislators-current.csv"
    without_sanders.write_text("\n".join(line for line in lines if "S000033" not in line) + "\n")
    run(without_sanders)

    assert not Legislator.objects.in_leadership().exists()
    assert Legislator.objects.get(bioguide_id="S000033").in_office is False
