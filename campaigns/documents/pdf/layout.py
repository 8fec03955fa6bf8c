"""Laying out the signature pages in Python, before anything is rendered.

Every page holds a fixed number of lines in a fixed number of columns, and every credit is
wrapped here to the column's width (measured with the font's own advance widths). So the number
of pages of each chunk is known in advance, and a chunk's content depends only on the signers
in it: the rendered PDF of a chunk can be kept and reused, by the hash of that content, until
one of its signers changes.

Chunks end after any signer whose id hashes to a multiple of CHUNK_TARGET (content-defined
chunking, within CHUNK_MIN and CHUNK_MAX signers): an insertion in the middle of the list
changes one chunk only, not every chunk after it. Groups (leads, Senate, House, organizations,
individuals) open with a heading wherever they begin.
"""

import functools
import hashlib
import itertools
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

# Geometry of a US Letter page, in points, matching static/pdf/letter.css: 3 columns of 56
# lines of 11.5 pt between 0.75 in margins (and 1 in at the foot, for the page footer).
COLUMNS = 3
LINES_PER_COLUMN = 56
LINES_PER_PAGE = COLUMNS * LINES_PER_COLUMN
FONT_SIZE = 9.0  # pt; the line height is 11.5 pt (static/pdf/letter.css)
COLUMN_WIDTH = 152.0  # pt, a little under the CSS column (158 pt), so lines never overflow
HEADING_LINES = 3  # a group heading takes the height of three lines
MAX_LINES_PER_CREDIT = 4

# Chunk boundaries are content-defined: a chunk ends after a signer whose id hashes to a
# multiple of CHUNK_TARGET, so an inserted signer changes only the chunk it joins. Not before
# CHUNK_MIN signers (a chunk opens a page and its last page is part-filled: short chunks
# would leave the list gappy); from CHUNK_LOOSE on, a multiple of CHUNK_TARGET // 8 will do, so
# that CHUNK_MAX, a cut by count which moves when a signer is inserted, is almost never met.
# About 650 signers a chunk on average: re-rendering one takes half a second.
CHUNK_TARGET = 400
CHUNK_MIN = 300
CHUNK_LOOSE = 1_000
CHUNK_MAX = 2_400
SMALL_LETTER = 1_000  # signers: one chunk, a list without breaks
LAYOUT_VERSION = "3"  # change when the signature pages change, in look or in structure

WIDE = {"W", "F"}  # East Asian wide and full-width characters take a whole em


@functools.cache
def _advances() -> tuple[dict[int, float], float]:
    """Advance widths (in ems) of the Latin serif the pages are set in."""
    widths: dict[int, float] = {}
    units = 1000.0
    for name in ("noto-serif-400.woff",):
        font = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / name)
        units = float(font["head"].unitsPerEm)
        metrics = font["hmtx"].metrics
        for codepoint, glyph in font.getBestCmap().items():
            widths.setdefault(codepoint, metrics[glyph][0] / units)
    return widths, 0.6


def text_width(text: str, size: float = FONT_SIZE) -> float:
    widths, fallback = _advances()
    total = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if ord(char) in widths:
            total += widths[ord(char)]
        elif unicodedata.east_asian_width(char) in WIDE:
            total += 1.0
        else:
            total += fallback
    return total * size


# A credit's second and later lines hang by 9 pt, so each signer stands out in the column.
HANGING_INDENT = "\u2002\u2002"  # two en spaces; `white-space: pre` keeps them


@functools.lru_cache(maxsize=250_000)
def wrap(text: str, width: float = COLUMN_WIDTH) -> tuple[str, ...]:
    """Lines of at most `width` points; a word longer than a line is broken inside. Kept per
    process: the next rendering of a letter wraps only the credits that are new."""
    indent = text_width(HANGING_INDENT)
    lines: list[str] = []

    def room() -> float:
        return width - indent if lines else width

    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= room():
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word that does not fit a line on its own
            if current and text_width(current + char) > room():
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES_PER_CREDIT:
        last = lines[MAX_LINES_PER_CREDIT - 1]
        while last and text_width(last + "…") > width - indent:
            last = last[:-1]
        lines = [*lines[: MAX_LINES_PER_CREDIT - 1], last + "…"]
    return tuple([*lines[:1], *(HANGING_INDENT + line for line in lines[1:])]) or ("",)


@dataclass(frozen=True)
class Entry:
    group: str  # the heading the entry is listed under
    key: str  # a stable identity for chunking: the signature id
    lines: tuple[str, ...]


Line = tuple[str, str]  # ("h", a group's heading) or ("n", a line of a signer's credit)


@dataclass
class Chunk:
    """A run of signers that renders to whole pages of its own."""

    previous_group: str | None  # the group of the signer just before this chunk
    entries: list[Entry] = field(default_factory=list)

    @functools.cached_property
    def pages(self) -> list[list[list[Line]]]:
        """Pages of columns of lines. A heading opens each group; it never ends a column.
        (Read once the chunk is complete.)"""
        pages: list[list[list[Line]]] = [[[]]]
        used = 0
        group = self.previous_group
        for entry in self.entries:
            heading = entry.group != group
            group = entry.group
            height = len(entry.lines) + (HEADING_LINES if heading else 0)
            if used and used + height > LINES_PER_COLUMN:
                if len(pages[-1]) == COLUMNS:
                    pages.append([[]])
                else:
                    pages[-1].append([])
                used = 0
            column = pages[-1][-1]
            if heading:
                column.append(("h", entry.group))
            column.extend(("n", line) for line in entry.lines)
            used += height
        return pages

    def spec(self) -> dict[str, object]:
        return {"layout": LAYOUT_VERSION, "pages": self.pages}

    @functools.cached_property
    def key(self) -> str:
        """Names the rendered chunk: the same content, the same key."""
        encoded = json.dumps(self.spec(), ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]


def _boundary_after(entry: Entry, length: int) -> bool:
    if length < CHUNK_MIN:
        return False
    digest = int.from_bytes(hashlib.blake2b(entry.key.encode(), digest_size=8).digest(), "big")
    return digest % (CHUNK_TARGET if length < CHUNK_LOOSE else CHUNK_TARGET // 8) == 0


def chunks(entries: Iterable[Entry]) -> Iterator[Chunk]:
    """Split the signers, in order, into chunks whose boundaries do not move when one signer
    comes or goes elsewhere in the list. A letter of up to SMALL_LETTER signers is one chunk:
    it renders in a second or so anyway, and its list runs on without a break of page."""
    entries = iter(entries)
    head = list(itertools.islice(entries, SMALL_LETTER + 1))
    if len(head) <= SMALL_LETTER:
        if head:
            yield Chunk(previous_group=None, entries=head)
        return
    current = Chunk(previous_group=None)
    for entry in itertools.chain(head, entries):
        if len(current.entries) >= CHUNK_MAX:
            yield current
            current = Chunk(previous_group=current.entries[-1].group)
        current.entries.append(entry)
        if _boundary_after(entry, len(current.entries)):
            yield current
            current = Chunk(previous_group=entry.group)
    if current.entries:
        yield current
