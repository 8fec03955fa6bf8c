"""Checks that HTML cannot run anything: the test side of our sanitizing and escaping."""

from html.parser import HTMLParser

ACTIVE_TAGS = {"style", "iframe", "object", "embed", "svg", "math", "form", "input", "img", "base",
               "frame", "frameset", "video", "audio"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Our own pages load our own script file; any other script is someone else's.
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append("<script> element")
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            cleaned = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(BAD_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")


def active_content(html: str, *, allow: frozenset[str] = frozenset()) -> list[str]:
    """What in `html` could run or fetch something; empty when it is inert.

    `allow` names elements a whole page legitimately has, such as "<form>" for our own forms.
    """
    collector = _Collector()
    collector.feed(html)
    return [problem for problem in collector.problems if not any(a in problem for a in allow)]
