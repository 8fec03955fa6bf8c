"""Rendering parts of the letter with WeasyPrint: the letter pages, a chunk of signature
pages, the page footers. Fonts come from static/fonts (OFL); nothing else is ever fetched."""

import functools
import logging
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from campaigns.documents.pdf.assemble import fold_line_spans

logger = logging.getLogger(__name__)

STATIC = Path(settings.BASE_DIR) / "static"
ALLOWED = (STATIC / "fonts", STATIC / "pdf")


class OwnFilesOnly(URLFetcher):
    """Fetches our own fonts and stylesheets and refuses everything else: a letter's text or a
    signer's name must never make the renderer reach the network or read a file."""

    refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(folder) for folder in ALLOWED):
                return super().fetch(url, headers)
        OwnFilesOnly.refused.append(url)
        logger.warning("The PDF renderer refused to fetch %s", url[:200])
        raise ValueError(f"Cosign's PDF renderer fetches no {parts.scheme or 'relative'} URLs")


@functools.cache
def _font_config() -> FontConfiguration:
    # One per process: the fonts are registered once, not for every document.
    return FontConfiguration()


@functools.cache
def _stylesheets(cjk: bool) -> tuple[CSS, ...]:
    names = (
        ["fonts-latin.css", "fonts-rtl.css"] + (["fonts-cjk.css"] if cjk else []) + ["letter.css"]
    )
    return tuple(
        CSS(
            filename=str(STATIC / "pdf" / name),
            font_config=_font_config(),
            url_fetcher=OwnFilesOnly(),
        )
        for name in names
    )


def needs_cjk(text: str) -> bool:
    """Whether the text has Chinese, Japanese or Korean characters (a 3.7 MB font family that
    is only loaded when needed)."""
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in text)


def render(template: str, context: dict[str, Any], *, extra_css: str = "") -> bytes:
    return render_html(render_to_string(template, context), extra_css=extra_css)


def render_html(html: str, *, extra_css: str = "") -> bytes:
    stylesheets = list(_stylesheets(needs_cjk(html)))
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=_font_config()))
    pdf = HTML(
        string=html, base_url=str(STATIC / "pdf") + "/", url_fetcher=OwnFilesOnly()
    ).write_pdf(stylesheets=stylesheets, font_config=_font_config(), pdf_tags=True)
    return fold_line_spans(pdf)


def segments(column: list[list[str]]) -> list[tuple[str, str]]:
    """A column's lines as ("heading", text) and ("names", lines joined) blocks: one text box
    per block, not one per signer, is what makes long lists fast to lay out."""
    blocks: list[tuple[str, str]] = []
    names: list[str] = []
    for kind, text in column:
        if kind == "h":
            if names:
                blocks.append(("names", "\n".join(names)))
                names = []
            blocks.append(("heading", text))
        else:
            names.append(text)
    if names:
        blocks.append(("names", "\n".join(names)))
    return blocks


def render_chunk(spec: dict[str, Any]) -> bytes:
    pages = [[segments(column) for column in page] for page in spec["pages"]]
    return render("documents/pdf/chunk.html", {"pages": pages})


FOOTER_CSS = "@page { size: letter; margin: 0; }"


def render_footers(footers: list[str], *, fingerprint_line: str) -> bytes:
    return render(
        "documents/pdf/footers.html",
        {"footers": footers, "fingerprint_line": fingerprint_line},
        extra_css=FOOTER_CSS,
    )
