"""Letter text: Markdown in, sanitized HTML out, in time linear in the length of the text.

A letter needs shallow structure, and deep nesting is where the parsers are slow: html5ever (under
nh3) walks its stack of open elements for each tag, so 20,000 nested tags cost 20,000² steps,
and markdown-it tries each of 100,000 nested "[" as a link. So nothing nests deeper than
MAX_NESTING: past it, Markdown's brackets and emphasis are shown as the characters they are,
and HTML tags are dropped (their text stays) before the sanitizer parses. markdown-it's smart
quotes also take time in the square of a paragraph's quotes, so a paragraph has a quota of them
and keeps any past it straight.
"""

import math
import re

import nh3
from markdown_it import MarkdownIt

from campaigns.letters.pasted import normalize_pasted

MAX_NESTING = 20

# What a letter needs and nothing that can run: no script, no styles, no event handlers,
# no images (they would be fetched by readers' browsers and by the PDF renderer).
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "sup", "sub", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "hr", "code", "pre", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt(
    "commonmark", {"html": True, "typographer": True, "maxNesting": MAX_NESTING}
).enable(["table", "strikethrough", "replacements", "smartquotes"])


# Text pasted from word processors carries Unicode's line and paragraph separators, which
# Markdown does not know as line ends and the PDF's fonts have no glyph for: they become the
# line ends they stand for. The private-use characters that stand in for literal markup below
# cannot come from the author.
_LITERAL = {c: chr(0xE000 + ord(c)) for c in "[]!*_~\"'"}
_AS_WRITTEN = {stand_in: "&quot;" if c == '"' else c for c, stand_in in _LITERAL.items()}
_SEPARATORS = re.compile("[\x00\u2028\u2029\ue000-\ue07f]")
_SEPARATOR_ENDS = {"\x00": "", "\u2028": "\n", "\u2029": "\n\n"}


def render_markdown(source: str) -> str:
    source = _SEPARATORS.sub(lambda m: _SEPARATOR_ENDS.get(m.group(), "\ufffd"), source)
    source = normalize_pasted(source)
    markdown = _flatten_deep_markdown(source)
    html = _parser.render(markdown)
    for stand_in, char in _AS_WRITTEN.items():
        html = html.replace(stand_in, char)
    # Letters are headed by the letterhead and title; a "# heading" in the text becomes an <h2>.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Only the tags, attributes and link schemes a letter may have; nothing that runs."""
    return nh3.clean(
        _prune_html(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Markdown ---------------------------------------------------------------------------------------

# Elements whose end tag may be left out, and those that have none: they do not nest when
# repeated, so they are not counted.
_UNNESTED = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
}  # fmt: skip
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKUP = re.compile(
    r"(?=[\n\\!\[\]<*_~\"'])"  # not needed, but lets the search skip plain text fast
    r"(?:(?P<blank>\n[ \t]*\n)"
    r"|\\."  # already literal
    r"|(?P<brackets>(?:!?\[)+)|(?P<brackets_end>\]+)"
    r"|(?P<tag><(?P<end>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>]*)?>)"
    # A run of emphasis that can only open (after a space, before text) or only close.
    r"|(?<!\S)(?P<opener>(?<!\*)\*++|(?<!_)_++|(?<!~)~{2,}+)(?=\S)"
    r"|(?<=\S)(?P<closer>(?<!\*)\*++|(?<!_)_++|(?<!~)~{2,}+)(?!\S)"
    r"|(?P<quotes>[\"']+))",
    re.S,
)


def _flatten_deep_markdown(source: str) -> str:
    """The text with the brackets and emphasis past MAX_NESTING unclosed ones made literal, and
    raw HTML tags past it left out (the sanitizer would flatten them anyway). markdown-it spends
    microseconds on each piece of markup it tries, deep nesting is markup that could never show
    as such, and a literal "[" or "*" looks the same. (markdown-it bounds the nesting of
    parentheses in a link itself.) Quotes past the paragraph's quota stay straight.

    Brackets, emphasis and quotes cannot span paragraphs: a blank line starts them again.
    """
    depth = {"[": 0, "*": 0, "<": 0}
    over = dict.fromkeys(depth, 0)

    def opened(key: str, count: int) -> int:
        """How many of `count` openings are past the limit."""
        kept = max(0, min(count, MAX_NESTING - depth[key]))
        depth[key] += kept
        over[key] += count - kept
        return count - kept

    def closed(key: str, count: int) -> int:
        """How many of `count` closings close openings past the limit."""
        closing_over = min(count, over[key])
        over[key] -= closing_over
        depth[key] = max(0, depth[key] - (count - closing_over))
        return closing_over

    paragraph = 0  # where the current one starts
    quotes_left: int | None = None  # its quota, reckoned at its first quote
    out: list[str] = []
    done = 0
    for m in _MARKUP.finditer(source):
        kind, run = m.lastgroup, m.group()
        replacement: str | None = None
        if kind == "blank":
            for key in "[*":
                depth[key] = over[key] = 0
            paragraph, quotes_left = m.end(), None
        elif kind == "brackets":
            count = run.count("[")
            if past := opened("[", count):
                cut = 0  # just after the last one kept; an image's "!" goes with its bracket
                for _ in range(count - past):
                    cut = run.index("[", cut) + 1
                replacement = run[:cut] + _literal(run[cut:])
        elif kind == "brackets_end":
            if past := closed("[", len(run)):
                replacement = _literal(run[:past]) + run[past:]
        elif kind == "tag":
            if m.group("name").lower() in _UNNESTED or run.endswith("/>"):
                continue
            if closed("<", 1) if m.group("end") else opened("<", 1):
                replacement = ""
        elif kind == "opener":
            replacement = _literal(run) if opened("*", 1) else None
        elif kind == "closer":
            replacement = _literal(run) if closed("*", 1) else None
        elif kind == "quotes":
            if quotes_left is None:
                quotes_left = _quote_quota(source, paragraph)
            if len(run) > quotes_left:
                replacement = run[:quotes_left] + _literal(run[quotes_left:])
            quotes_left = max(0, quotes_left - len(run))
        if replacement is not None:
            out.append(source[done : m.start()])
            out.append(replacement)
            done = m.end()
    if not out:
        return source
    out.append(source[done:])
    return "".join(out)


def _quote_quota(source: str, start: int) -> int:
    """How many quotes the paragraph starting at `start` may have made typographic.

    markdown-it copies the paragraph for each quote it changes, and compares each closing
    quote with the opening ones still unmatched: a quota under 200 and under the square root of
    the paragraph's length keeps both in proportion to the length. (A paragraph of 2,000
    characters gets 200; one of 400, 63.)
    """
    blank = _BLANK_LINE.search(source, start)
    length = (blank.start() if blank else len(source)) - start
    return min(200, math.isqrt(10 * length))


def _literal(markup: str) -> str:
    for char, stand_in in _LITERAL.items():
        markup = markup.replace(char, stand_in)
    return markup


# HTML -------------------------------------------------------------------------------------------

_WS = "\t\n\f\r "
# A tag as HTML's tokenizer reads it, so that both see it end at the same ">": a name, then
# attributes after a space, a "/" or a quoted value, each with a value after "=" or none.
_ATTRIBUTE = (
    rf"(?:[{_WS}/]+|(?<=[\"']))[^{_WS}/>][^{_WS}/>=]*+"
    rf"(?:[{_WS}]*=[{_WS}]*(?:\"[^\"]*\"|'[^']*'|[^{_WS}>\"'][^{_WS}>]*+)?)?"
)
# Comments and the like, then tags. A "<" that starts none of them is text, and is escaped, so
# that the sanitizer's parser sees exactly the tags counted here. Each is matched where a "<"
# is, never searched for: a tag without its ">" would otherwise be read to the end from each
# "<" in it.
_HTML_TOKEN = re.compile(
    r"<!--(?:-?>|.*?--!?>|.*\Z)"
    r"|<[!?][^>]*>?"
    r"|</(?![A-Za-z])[^>]*>?"
    rf"|<(?P<name>[A-Za-z][^{_WS}/>]*+)(?>{_ATTRIBUTE})*[{_WS}/]*>"
    rf"|</(?P<end>[A-Za-z][^{_WS}/>]*+)(?>{_ATTRIBUTE})*[{_WS}/]*>",
    re.S,
)
_TAG_START = re.compile("</?[A-Za-z]")
_DROPPED_WITH_CONTENT = {"script", "style"}  # as nh3 drops them
_VOID = {"br", "hr"}
_INLINE = {"b", "i", "u", "s", "em", "strong", "code", "sup", "sub", "a", "br"}
# Some elements end where another begins: a list item at the next, a paragraph at a block. For
# each opening tag, what it ends (when open above the nearest of the second set).
_ENDS = {
    "li": ({"li"}, {"ul", "ol"}),
    "td": ({"td", "th"}, {"tr", "tbody", "thead", "table"}),
    "th": ({"td", "th"}, {"tr", "tbody", "thead", "table"}),
    "tr": ({"tr"}, {"tbody", "thead", "table"}),
    "thead": ({"thead", "tbody"}, {"table"}),
    "tbody": ({"thead", "tbody"}, {"table"}),
} | {
    block: ({"p"}, ALLOWED_TAGS - _INLINE)
    for block in ("p", "ul", "ol", "blockquote", "h2", "h3", "h4", "pre", "table")
}
# A table's rows sit in a <tbody> and its cells in a <tr>, which html5ever adds where they were
# left out.
_IMPLIED = {
    ("td", "table"): ["tbody", "tr"],
    ("th", "table"): ["tbody", "tr"],
    ("td", "tbody"): ["tr"],
    ("th", "tbody"): ["tr"],
    ("td", "thead"): ["tr"],
    ("th", "thead"): ["tr"],
    ("tr", "table"): ["tbody"],
}


def _prune_html(html: str) -> str:
    """The HTML with only allowed tags, well nested and at most MAX_NESTING deep.

    Only the tree's shape is settled here, in one pass; the tags that remain are copied as they
    were written, and nh3 still decides what they may carry.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (start := html.find("<", pos)) != -1:
        out.append(html[pos:start])
        m = _HTML_TOKEN.match(html, start)
        if m is None:
            if _TAG_START.match(html, start):
                # A tag that never ends (HTML's tokenizer drops it and all after it).
                return "".join(out) + "".join(f"</{n}>" for n in reversed(stack))
            out.append("&lt;")
            pos = start + 1
            continue
        pos = m.end()
        if name := m.group("name"):
            name = name.lower()
            if name in _DROPPED_WITH_CONTENT:
                end = re.compile(rf"</{name}[{_WS}/>]", re.I).search(html, pos)
                pos = end.start() if end else len(html)
            if name not in ALLOWED_TAGS:
                continue
            if name in _ENDS:
                ended, bounds = _ENDS[name]
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth] in ended:
                        out.extend(f"</{n}>" for n in reversed(stack[depth:]))
                        del stack[depth:]
                        break
                    if stack[depth] in bounds:
                        break
            if name in _VOID:
                out.append(m.group())
                continue
            implied = _IMPLIED.get((name, stack[-1]), []) if stack else []
            if len(stack) + len(implied) < MAX_NESTING:
                out.extend(f"<{n}>" for n in implied)
                out.append(m.group())
                stack.extend([*implied, name])
        elif end_name := m.group("end"):
            end_name = end_name.lower()
            if end_name in stack:
                depth = len(stack) - 1 - stack[::-1].index(end_name)
                out.extend(f"</{n}>" for n in reversed(stack[depth:]))
                del stack[depth:]
    out.append(html[pos:])
    out.extend(f"</{n}>" for n in reversed(stack))
    return "".join(out)
