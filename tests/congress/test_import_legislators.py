"""`manage.py import_legislators SOURCE`: the directory of Congress from public data."""

import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from campaigns.congress.models import Legislator

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "legislators"
PROJECT_COPY = settings.BASE_DIR / "campaigns" / "congress" / "data" / "congress-legislators"


def run(*arguments) -> str:
    out = StringIO()
    call_command("import_legislators", *map(str, arguments), stdout=out)
    return out.getvalue()


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A local web server standing in for a download site: the URL of `folder`."""
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(folder))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def credits() -> dict[str, str]:
    return {legislator.bioguide_id: str(legislator) for legislator in Legislator.objects.all()}


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_each_format_imports_the_same_members(fmt):
    output = run(FIXTURES / f"legislators-current.{fmt}")

    assert "7 new" in output
    assert credits() == {
        "S000033": "Sen. Bernie Sanders, I-Vt.",
        "B000490": "Rep. Sanford Bishop Jr., D-Ga.",
        "L000397": "Rep. Zoe Lofgren, D-Calif.",
        "N000147": "Del. Eleanor Holmes Norton, D-D.C.",
        "H001096": "Rep. Harriet Hageman, R-Wyo.",
        "H001103": "Res. Comm. Pablo José Hernández Rivera, D-Puerto Rico",
        "G000607": "Rep. James Gallagher, R-Calif.",
    }
    sanders = Legislator.objects.get(bioguide_id="S000033")
    assert (sanders.chamber, sanders.district, sanders.website_host) == (
        "senate",
        None,
        "sanders.senate.gov",
    )
    assert sanders.phone == "202-224-5141"
    hageman = Legislator.objects.get(bioguide_id="H001096")
    assert (hageman.district, hageman.seat) == (0, "WY at-large")
    gallagher = Legislator.objects.get(bioguide_id="G000607")  # no official name, no website
    assert (gallagher.official_full, gallagher.website_host) == ("", "")


def test_importing_again_changes_nothing():
    run(FIXTURES / "legislators-current.yaml")
    before = list(Legislator.objects.values())

    output = run(FIXTURES / "legislators-current.csv")

    assert "0 new, 0 updated, 7 unchanged, 0 marked out of office" in output
    assert list(Legislator.objects.values()) == before


def test_a_changed_member_is_updated_and_one_who_left_is_marked_out_of_office(tmp_path):
    run(FIXTURES / "legislators-current.csv")
    lines = (FIXTURES / "legislators-current.csv").read_text().splitlines()
    changed = [lines[0]] + [
        line.replace("202-225-3072", "202-225-0000") for line in lines[1:] if "B000490" not in line
    ]
    edited = tmp_path / "current.csv"
    edited.write_text("\n".join(changed) + "\n")

    output = run(edited)

    assert "0 new, 1 updated, 5 unchanged, 1 marked out of office" in output
    assert Legislator.objects.get(bioguide_id="L000397").phone == "202-225-0000"
    assert not Legislator.objects.get(bioguide_id="B000490").in_office


def test_a_display_name_edited_by_staff_survives_a_reimport():
    run(FIXTURES / "legislators-current.yaml")
    Legislator.objects.filter(bioguide_id="N000147").update(
        display_name="Eleanor H. Norton", display_name_edited=True
    )
    run(FIXTURES / "legislators-current.yaml")
    assert Legislator.objects.get(bioguide_id="N000147").display_name == "Eleanor H. Norton"


def test_it_reads_from_an_http_url():
    with serving(FIXTURES) as url:
        output = run(f"{url}/legislators-current.json")
    assert "7 new" in output


def test_upstream_refreshes_from_the_congress_legislators_projects_latest_files(settings, tmp_path):
    for name in (
        "legislators-current.yaml",
        "committees-current.yaml",
        "committee-membership-current.yaml",
    ):
        shutil.copy(FIXTURES / name, tmp_path)
    (tmp_path / "legislators-historical.csv").write_text(
        "last_name,first_name,middle_name,suffix,nickname,full_name,type,state,district,party,url,phone,bioguide_id\n"
        "Gutiérrez,Luis,V.,,,,rep,IL,4,Democrat,https://gutierrez.house.gov,202-225-8203,G000535\n"
    )

    with serving(tmp_path) as url:
        settings.LEGISLATORS_UPSTREAM_URL = f"{url}/"
        current = run("--upstream")
        historical = run("--upstream", "--historical")

    assert f"from {url}/legislators-current.yaml: 7 new" in current
    assert "Read 4 committees and 3 subcommittees: 7 new" in current
    assert f"from {url}/legislators-historical.csv: 1 new" in historical
    assert Legislator.objects.in_office().count() == 7
    assert not Legislator.objects.get(bioguide_id="G000535").in_office


def test_upstream_and_a_source_together_are_refused():
    with pytest.raises(CommandError, match="not both"):
        run(FIXTURES / "legislators-current.yaml", "--upstream")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "- id: {bioguide: X1}\n  name: {first: A, last: B}\n  terms: [{type: rep, state: ZZ}]\n",
            "unknown state 'ZZ'",
        ),
        (
            "- id: {}\n  name: {first: A, last: B}\n  terms: [{type: rep, state: CA}]\n",
            "no bioguide id",
        ),
        ("- id: {bioguide: X1}\n  name: {first: A, last: B}\n  terms: []\n", "no last term"),
        ("not: [valid", "not valid YAML"),
        ("{}", "Expected a list"),
    ],
)
def test_bad_data_is_refused_with_a_reason_and_imports_nothing(tmp_path, content, message):
    run(FIXTURES / "legislators-current.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)

    with pytest.raises(CommandError, match=message):
        run(bad)
    assert Legislator.objects.filter(in_office=True).count() == 7


def test_a_missing_file_or_an_unknown_scheme_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Could not read"):
        run(tmp_path / "nope.yaml")
    with pytest.raises(CommandError, match="http"):
        run("ftp://example.org/legislators.yaml")


def test_former_members_import_out_of_office_without_touching_sitting_ones(tmp_path):
    run(FIXTURES / "legislators-current.csv")
    historical = tmp_path / "legislators-historical.csv"
    historical.write_text(
        "last_name,first_name,middle_name,suffix,nickname,full_name,type,state,district,party,url,phone,bioguide_id\n"
        "Gutiérrez,Luis,V.,,,,rep,IL,4,Democrat,https://gutierrez.house.gov,202-225-8203,G000535\n"
        "Lofgren,Zoe,,,,,rep,CA,16,Democrat,,,L000397\n"
        "Claiborne,William,Charles Cole,,,,rep,OL,0,Democratic-Republican,,,C000426\n"
    )
    out = StringIO()
    call_command("import_legislators", str(historical), "--historical", stdout=out)

    assert "Skipped 1 records" in out.getvalue()  # a Member for the Territory of Orleans
    gutierrez = Legislator.objects.get(bioguide_id="G000535")
    assert (str(gutierrez), gutierrez.in_office) == ("Rep. Luis Gutiérrez, D-Ill.", False)
    assert Legislator.objects.get(bioguide_id="L000397").district == 18  # still the sitting Member


def test_by_default_it_imports_the_projects_copy_completely_and_correctly():
    output = run()

    assert f"from {PROJECT_COPY / 'legislators-current.yaml'}: 537 new" in output
    in_office = Legislator.objects.in_office()
    assert in_office.count() == 537
    titles = {
        title: in_office.filter(title=title).count()
        for title in ("Sen.", "Rep.", "Del.", "Res. Comm.")
    }
    assert titles == {"Sen.": 100, "Rep.": 431, "Del.": 5, "Res. Comm.": 1}
    assert str(in_office.get(bioguide_id="S000033")) == "Sen. Bernie Sanders, I-Vt."
    assert str(in_office.get(bioguide_id="L000397")) == "Rep. Zoe Lofgren, D-Calif."
    assert str(in_office.get(bioguide_id="N000147")) == "Del. Eleanor Holmes Norton, D-D.C."
    assert str(in_office.get(bioguide_id="H001103")).startswith("Res. Comm. Pablo José")
    assert str(in_office.get(bioguide_id="H001096")) == "Rep. Harriet Hageman, R-Wyo."
    assert str(in_office.get(bioguide_id="V000081")) == "Rep. Nydia Velázquez, D-N.Y."
    assert str(in_office.get(bioguide_id="H000874")) == "Rep. Steny Hoyer, D-Md."
    assert in_office.filter(state="AK", district=0).count() == 1
    assert "0 new, 0 updated, 537 unchanged, 0 marked out of office" in run()
