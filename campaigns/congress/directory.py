"""Reading the public congress-legislators data (YAML, JSON or CSV) into Legislator fields.

The data set is maintained at github.com/unitedstates/congress-legislators (CC0). The YAML and
JSON are nested, one record per person with their terms, the last being current; the CSV is
flat, one row per person with the fields of their last term.
"""

import csv
import io
import json
import re
import urllib.request
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from campaigns.congress.credits import STATE_NAMES

DELEGATE_STATES = {"AS", "DC", "GU", "MP", "VI"}
MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024


class DirectoryError(Exception):
    """The source cannot be read as congress-legislators data; the message says why."""


def read_source(source: str) -> tuple[str, bytes]:
    """(format, content) of a path or an http(s) URL; format is yaml, json or csv."""
    scheme = urlsplit(source).scheme
    if scheme in ("http", "https"):
        try:
            with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310
                content = response.read(MAX_DOWNLOAD_BYTES + 1)
        except OSError as error:
            raise DirectoryError(f"Could not download {source}: {error}") from error
        if len(content) > MAX_DOWNLOAD_BYTES:
            raise DirectoryError(f"{source} is larger than {MAX_DOWNLOAD_BYTES} bytes")
        name = urlsplit(source).path
    elif scheme in ("", "file"):
        path = Path(urlsplit(source).path if scheme == "file" else source)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise DirectoryError(f"Could not read {path}: {error.strerror}") from error
        name = path.name
    else:
        raise DirectoryError(f"SOURCE must be a file path or an http(s) URL, not {source!r}")
    return _guess_format(name, content), content


def _guess_format(name: str, content: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    head = content.lstrip()[:200]
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"last_name,") or b"bioguide_id" in content.split(b"\n", 1)[0]:
        return "csv"
    return "yaml"


def parse(
    fmt: str, content: bytes, *, skip_invalid: bool = False
) -> tuple[list[dict[str, Any]], list[str]]:
    """Legislator fields for every person in the data, in order, and what was skipped.

    An invalid record stops the import, unless `skip_invalid` (for the historical file, whose
    early Members sat for territories such as Orleans or Dakota): then it is skipped and named.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DirectoryError(f"The file is not UTF-8 text: {error}") from error
    if fmt == "csv":
        rows: Iterable[dict[str, Any]] = (
            _from_flat(row) for row in csv.DictReader(io.StringIO(text))
        )
    else:
        try:
            data = json.loads(text) if fmt == "json" else load_yaml(text)
        except (ValueError, yaml.YAMLError) as error:
            raise DirectoryError(f"The file is not valid {fmt.upper()}: {error}") from error
        if not isinstance(data, list):
            raise DirectoryError("Expected a list of legislators at the top of the file")
        rows = (_from_nested(item) for item in data)
    records: list[dict[str, Any]] = []
    skipped: list[str] = []
    for number, raw in enumerate(rows, start=1):
        problem = _problem(raw)
        if problem is None:
            records.append(legislator_fields(raw))
            continue
        where = f"record {number}" + (f" ({raw['bioguide_id']})" if raw["bioguide_id"] else "")
        if not skip_invalid:
            raise DirectoryError(f"{where} {problem}")
        skipped.append(f"{where} {problem}")
    return records, skipped


def load_yaml(text: str) -> Any:
    # The C loader is ten times faster on the 2 MB file; both are the safe loader.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _from_nested(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DirectoryError("Each legislator must be a mapping with id, name and terms")
    ids, name, terms = item.get("id") or {}, item.get("name") or {}, item.get("terms") or []
    term = terms[-1] if terms and isinstance(terms[-1], dict) else {}
    return {
        "bioguide_id": _text(ids.get("bioguide")),
        "first_name": _text(name.get("first")),
        "middle_name": _text(name.get("middle")),
        "last_name": _text(name.get("last")),
        "suffix": _text(name.get("suffix")),
        "nickname": _text(name.get("nickname")),
        "official_full": _text(name.get("official_full")),
        "type": _text(term.get("type")),
        "state": _text(term.get("state")).upper(),
        "district": term.get("district"),
        "party": _text(term.get("party")),
        "url": _text(term.get("url")),
        "phone": _text(term.get("phone")),
        "address": _text(term.get("address")),
        "leadership_title": leadership_title(item.get("leadership_roles"), today=date.today()),
    }


def leadership_title(roles: Any, *, today: date) -> str:
    """The leadership post a Member holds on `today`, from their `leadership_roles`.

    Only the YAML and JSON carry these, on the person (not on a term): a list of `title`,
    `chamber`, `start` and, once it is over, `end`, past posts included. The 2026-06-15 copy
    lists 127 roles for 40 Members, 28 of them held now (no `end`), one per Member: Speaker of
    the House, the House and Senate Majority and Minority Leaders and Whips, Assistant Leaders,
    the President pro tempore, the party conference and caucus chairs, vice chairs and
    secretaries, and the policy, steering and outreach committee chairs. Should a Member hold
    two at once, both are kept, joined by "; ".
    """
    held = [
        _text(role.get("title"))
        for role in roles or []
        if isinstance(role, dict)
        and _text(role.get("title"))
        and (not role.get("end") or str(role["end"]) > today.isoformat())
    ]
    return "; ".join(dict.fromkeys(held))


def _from_flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "bioguide_id": _text(row.get("bioguide_id")),
        "first_name": _text(row.get("first_name")),
        "middle_name": _text(row.get("middle_name")),
        "last_name": _text(row.get("last_name")),
        "suffix": _text(row.get("suffix")),
        "nickname": _text(row.get("nickname")),
        "official_full": _text(row.get("full_name")),
        "type": _text(row.get("type")),
        "state": _text(row.get("state")).upper(),
        "district": _text(row.get("district")) or None,
        "party": _text(row.get("party")),
        "url": _text(row.get("url")),
        "phone": _text(row.get("phone")),
        "address": _text(row.get("address")),
    }


def _problem(raw: dict[str, Any]) -> str | None:
    if not raw["bioguide_id"]:
        return "has no bioguide id"
    if not raw["last_name"] or not raw["first_name"]:
        return "has no first or last name"
    if raw["type"] not in ("rep", "sen"):
        return "has no last term of type rep or sen"
    if raw["state"] not in STATE_NAMES:
        return f"has an unknown state {raw['state']!r}"
    return None


def legislator_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """Legislator model fields derived from one record."""
    state = raw["state"]
    senate = raw["type"] == "sen"
    if senate:
        title = "Sen."
    elif state == "PR":
        title = "Res. Comm."
    elif state in DELEGATE_STATES:
        title = "Del."
    else:
        title = "Rep."
    district = raw["district"]
    try:
        district = None if senate or district in (None, "") else int(district)
    except (TypeError, ValueError):
        district = None
    if district is not None and district < 0:  # the historical data's "unknown"
        district = None
    fields = {
        "bioguide_id": raw["bioguide_id"],
        "first_name": raw["first_name"],
        "middle_name": raw["middle_name"],
        "last_name": raw["last_name"],
        "suffix": raw["suffix"],
        "nickname": raw["nickname"],
        "official_full": raw["official_full"],
        "display_name": display_name(raw),
        "chamber": "senate" if senate else "house",
        "title": title,
        "state": state,
        "district": district,
        "party": raw["party"],
        "website_host": website_host(raw["url"]),
        "phone": raw["phone"],
        "office_address": raw["address"],
    }
    # The CSV has no leadership roles: importing it leaves the posts as they are.
    if "leadership_title" in raw:
        fields["leadership_title"] = raw["leadership_title"]
    return fields


def display_name(raw: dict[str, Any]) -> str:
    """The name as the press prints it: 'Steny Hoyer', 'Sanford Bishop Jr.'.

    Nickname or first name, last name, and the suffix without its comma. A full middle name is
    kept where the Member goes by it (it is in their official name: 'Eleanor Holmes Norton') or
    where the first name is only an initial ('H. Morgan Griffith').
    """
    first, nickname, middle = raw["first_name"], raw["nickname"], raw["middle_name"]
    # Some records carry the nickname in the first name: "James (Jim)".
    if quoted := re.fullmatch(r"(.+?)\s*\((.+)\)", first):
        first, nickname = quoted[1], nickname or quoted[2]
    given = nickname or first
    goes_by_middle = _is_initial(first) or f"{middle} {raw['last_name']}" in raw["official_full"]
    if not nickname and middle and not _is_initial(middle) and goes_by_middle:
        given = f"{given} {middle}"
    suffix = raw["suffix"].lstrip(",").strip()
    return " ".join(part for part in (given, raw["last_name"], suffix) if part)


def _is_initial(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?", name))


def website_host(url: str) -> str:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "") if url else ""
    return host.removeprefix("www.")


# The committee files, beside legislators-current.yaml in the data set.
COMMITTEE_FILES = ("committees-current.yaml", "committee-membership-current.yaml")
COMMITTEE_CHAMBERS = ("house", "senate", "joint")
SIDES = ("majority", "minority")


def parse_committees(
    committees: bytes, memberships: bytes
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Committee fields, membership records, and what was skipped, from the two files.

    committees-current.yaml lists the committees (`thomas_id`, `name`, `type`: house, senate or
    joint), each with its `subcommittees`, whose `thomas_id` is two digits to append to the
    parent's. committee-membership-current.yaml maps a committee or subcommittee id to its
    Members: `bioguide`, `party` (majority or minority: the side, not the Member's party),
    `rank` and an optional `title` such as "Chair" or "Ranking Member". Full committees come
    before subcommittees, so that parents exist first. A malformed committee stops the import;
    a membership that cannot be placed is skipped and named.
    """
    committee_list = _yaml_document(committees, "committees")
    membership_map = _yaml_document(memberships, "committee membership")
    if not isinstance(committee_list, list):
        raise DirectoryError("Expected a list of committees at the top of the committees file")
    if not isinstance(membership_map, dict):
        raise DirectoryError("Expected a mapping of committee ids to Members")
    full: list[dict[str, Any]] = []
    subcommittees: list[dict[str, Any]] = []
    for number, item in enumerate(committee_list, start=1):
        parent = _committee_fields(item, f"committee {number}", parent=None)
        full.append(parent)
        for sub_number, sub in enumerate(item.get("subcommittees") or [], start=1):
            where = f"subcommittee {sub_number} of {parent['thomas_id']}"
            subcommittees.append(_committee_fields(sub, where, parent=parent))
    records = full + subcommittees
    codes = [record["thomas_id"] for record in records]
    if len(set(codes)) < len(codes):
        twice = sorted({code for code in codes if codes.count(code) > 1})
        raise DirectoryError(f"Committee ids appear more than once: {', '.join(twice)}")
    members: list[dict[str, Any]] = []
    skipped: list[str] = []
    for key, people in membership_map.items():
        code = _text(key).upper()
        if code not in codes:
            skipped.append(f"the Members of {code}, which is not in the committees file")
            continue
        seen: set[str] = set()
        for person in people if isinstance(people, list) else []:
            person = person if isinstance(person, dict) else {}
            bioguide_id, side = _text(person.get("bioguide")), _text(person.get("party"))
            if not bioguide_id or side not in SIDES or bioguide_id in seen:
                who = _text(person.get("name")) or bioguide_id or "an unnamed Member"
                skipped.append(f"{who} on {code}: no bioguide id, no side, or listed twice")
                continue
            seen.add(bioguide_id)
            rank = person.get("rank")
            members.append(
                {
                    "committee": code,
                    "bioguide_id": bioguide_id,
                    "side": side,
                    "rank": rank if type(rank) is int and rank >= 0 else None,
                    "title": _text(person.get("title")),
                }
            )
    return records, members, skipped


def _yaml_document(content: bytes, what: str) -> Any:
    try:
        return load_yaml(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise DirectoryError(f"The {what} file is not valid UTF-8 YAML: {error}") from error


def _committee_fields(item: Any, where: str, *, parent: dict[str, Any] | None) -> dict[str, Any]:
    item = item if isinstance(item, dict) else {}
    code, name = _text(item.get("thomas_id")).upper(), _text(item.get("name"))
    chamber = parent["chamber"] if parent else _text(item.get("type"))
    if not code or not name:
        raise DirectoryError(f"{where} has no thomas_id or no name")
    if chamber not in COMMITTEE_CHAMBERS:
        raise DirectoryError(f"{where} ({code}) has an unknown type {chamber!r}")
    return {
        "thomas_id": parent["thomas_id"] + code if parent else code,
        "name": name,
        "chamber": chamber,
        "parent": parent["thomas_id"] if parent else "",
        "url": _text(item.get("url")),
        "jurisdiction": _text(item.get("jurisdiction")),
    }
