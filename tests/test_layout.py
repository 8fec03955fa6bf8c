"""The code stays in pieces a reader can hold: no module over 400 lines."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LONGEST = 400


@pytest.mark.parametrize("package", ["accounts", "campaigns", "cosign"])
def test_no_module_is_over_400_lines(package):
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > LONGEST
    }
    assert too_long == {}
