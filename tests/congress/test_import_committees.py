"""`manage.py import_legislators` also loads the committees, subcommittees and their Members
from committees-current.yaml and committee-membership-current.yaml beside the legislators."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from campaigns.congress.models import Committee, CommitteeMembership, Legislator

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legislators"
PROJECT_COPY = settings.BASE_DIR / "campaigns" / "congress" / "data" / "congress-legislators"
COMMITTEE_FILES = ("committees-current.yaml", "committee-membership-current.yaml")


def run(*arguments) -> str:
    out = StringIO()
    call_command("import_legislators", *map(str, arguments), stdout=out)
    return out.getvalue()


def ids(legislators) -> set[str]:
    return set(legislators.values_list("bioguide_id", flat=True))


def rows() -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Committee, CommitteeMembership)
    }


def edited_copy(folder: Path, name: str, edit) -> None:
    """The fixtures in `folder`, with `edit` applied to the YAML file `name`."""
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, folder)
    data = yaml.safe_load((folder / name).read_text())
    edit(data)
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True))


def test_it_loads_committees_subcommittees_and_their_members_skipping_unknown_ones():
    output = run(FIXTURES / "legislators-current.yaml")

    assert (
        "Read 4 committees and 3 subcommittees: 7 new, 0 updated, 0 unchanged, 0 no longer "
        "current. Memberships: 12 new, 0 updated, 0 unchanged, 0 removed, 3 of Members not in "
        "the directory skipped." in output
    )
    immigration = Committee.objects.get(thomas_id="HSJU01")
    assert (str(immigration), immigration.chamber, immigration.parent.thomas_id) == (
        "House Committee on the Judiciary: Immigration Integrity, Security, and Enforcement",
        "house",
        "HSJU",
    )
    judiciary = Committee.objects.get(thomas_id="HSJU")
    assert (judiciary.parent, judiciary.url) == (None, "https://judiciary.house.gov/")
    assert judiciary.jurisdiction.startswith("The Committee on the Judiciary has jurisdiction")
    assert Committee.objects.get(thomas_id="JSEC").chamber == "joint"
    ranking = CommitteeMembership.objects.get(committee__thomas_id="HSAP01")
    assert (ranking.legislator.bioguide_id, ranking.side, ranking.rank, ranking.title) == (
        "B000490",
        "minority",
        1,
        "Ranking Member",
    )


def test_house_judiciary_minority_is_exactly_its_minority_members():
    run(FIXTURES / "legislators-current.yaml")

    assert ids(Legislator.objects.on_committee("HSJU", "minority")) == {"L000397", "H001103"}
    assert ids(Legislator.objects.on_committee("HSJU", "majority")) == {"H001096", "G000607"}
    assert ids(Legislator.objects.on_committee("hsju")) == {
        "L000397",
        "H001103",
        "H001096",
        "G000607",
    }


def test_a_subcommittee_is_a_target_of_its_own_and_targets_compose():
    run(FIXTURES / "legislators-current.yaml")

    assert ids(Legislator.objects.on_committee("HSJU01")) == {"H001096", "L000397"}
    assert ids(Legislator.objects.on_committee("HSJU01", side="minority")) == {"L000397"}
    # Minority members of the full committee who also sit on subcommittee 05, from California.
    both = (
        Legislator.objects.in_office()
        .on_committee("HSJU", "minority")
        .on_committee("HSJU05")
        .filter(state="CA")
    )
    assert ids(both) == {"L000397"}
    assert ids(Legislator.objects.on_committee("SSJU")) == set()
    with pytest.raises(ValueError, match="side must be"):
        Legislator.objects.on_committee("HSJU", side="democrats")


def test_importing_again_changes_nothing():
    run(FIXTURES / "legislators-current.yaml")
    before = rows()

    output = run(FIXTURES / "legislators-current.yaml")

    assert (
        "7 unchanged, 0 no longer current. Memberships: 0 new, 0 updated, 12 unchanged, "
        "0 removed" in output
    )
    assert rows() == before


def test_a_member_who_left_a_committee_loses_the_membership(tmp_path):
    run(FIXTURES / "legislators-current.yaml")

    def lofgren_leaves_judiciary_and_hageman_moves_up(memberships):
        memberships["HSJU"] = [m for m in memberships["HSJU"] if m["bioguide"] != "L000397"]
        next(m for m in memberships["HSJU"] if m["bioguide"] == "H001096")["rank"] = 2

    edited_copy(
        tmp_path, "committee-membership-current.yaml", lofgren_leaves_judiciary_and_hageman_moves_up
    )
    output = run(tmp_path / "legislators-current.yaml")

    assert "Memberships: 0 new, 1 updated, 10 unchanged, 1 removed" in output
    assert ids(Legislator.objects.on_committee("HSJU", "minority")) == {"H001103"}
    assert ids(Legislator.objects.on_committee("HSJU01", "minority")) == {"L000397"}
    assert (
        CommitteeMembership.objects.get(
            committee__thomas_id="HSJU", legislator__bioguide_id="H001096"
        ).rank
        == 2
    )


def test_a_committee_gone_from_the_data_is_kept_but_no_longer_current_nor_a_target(tmp_path):
    run(FIXTURES / "legislators-current.yaml")

    def without_jsec(committees):
        committees[:] = [c for c in committees if c["thomas_id"] != "JSEC"]

    edited_copy(tmp_path, "committees-current.yaml", without_jsec)
    output = run(tmp_path / "legislators-current.yaml")

    assert "1 no longer current" in output
    assert "Skipped 1 memberships, for example: the Members of JSEC" in output
    jsec = Committee.objects.get(thomas_id="JSEC")
    assert (jsec.current, jsec.memberships.count()) == (False, 0)
    assert Committee.objects.current().count() == 6


def test_without_committee_files_beside_the_source_committees_are_left_alone(tmp_path):
    run(FIXTURES / "legislators-current.yaml")
    shutil.copy(FIXTURES / "legislators-current.csv", tmp_path)

    output = run(tmp_path / "legislators-current.csv")

    assert "committees left as they were" in output
    assert CommitteeMembership.objects.count() == 12


def test_the_shipped_files_hold_every_current_committee_and_its_members():
    output = run(PROJECT_COPY / "legislators-current.yaml")

    full = Committee.objects.filter(parent=None)
    assert 40 <= full.count() <= 60 and Committee.objects.exclude(parent=None).count() >= 150
    assert {c.chamber for c in full} == {"house", "senate", "joint"}
    assert "0 of Members not in the directory skipped" in output
    judiciary = Committee.objects.get(thomas_id="HSJU")
    assert (judiciary.name, judiciary.chamber) == ("House Committee on the Judiciary", "house")
    majority = Legislator.objects.on_committee("HSJU", "majority")
    minority = Legislator.objects.on_committee("HSJU", "minority")
    assert majority.count() > minority.count() > 10
    assert not ids(majority) & ids(minority)
    assert set(majority.values_list("chamber", flat=True)) == {"house"}
    assert Committee.objects.get(thomas_id="SSJU").subcommittees.count() >= 5
    assert 3000 < CommitteeMembership.objects.count() < 5000
    leaders = dict(Legislator.objects.in_leadership().values_list("leadership_title", "last_name"))
    assert leaders["Speaker of the House"] == "Johnson"
    assert {"Senate Majority Leader", "House Minority Whip"} <= set(leaders)
