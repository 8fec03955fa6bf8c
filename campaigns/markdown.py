"""Letter text: Markdown in, sanitized HTML out."""

import nh3
from markdown_it import MarkdownIt

# What a letter needs and nothing that can run: no script, no styles, no event handlers,
# no images (they would be fetched by readers' browsers and by the PDF renderer).
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "sup", "sub", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "hr", "code", "pre", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)


# Text pasted from word processors carries Unicode's line and paragraph separators, which
# Markdown does not know as line ends and the PDF's fonts have no glyph for: they become the
# line ends they stand for.
_SEPARATORS = str.maketrans({"\x00": None, "\u2028": "\n", "\u2029": "\n\n"})


def render_markdown(source: str) -> str:
    # Letters are headed by the letterhead and title; a "# heading" in the text becomes an <h2>.
    html = _parser.render(source.translate(_SEPARATORS))
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Only the tags, attributes and link schemes a letter may have; nothing that runs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
