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
    }


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
    return {
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
