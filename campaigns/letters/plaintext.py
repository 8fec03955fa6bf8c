"""A letter's sanitized HTML as readable plain text, for an email's text part: paragraphs apart,
lists with their bullets and numbers, links with their address; no Markdown left in it."""

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "pre", "table"}


def plain_text(html: str) -> str:
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return parser.text()


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pending = 0  # line breaks owed before the next text
        self.lists: list[list[int]] = []  # per open list: [numbered (0/1), next number]
        self.links: list[tuple[str, int]] = []  # per open link: its address, where its text starts
        self.pre = 0
        self.first_cell = True
        self.indent = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _BLOCKS:
            self._break(2)
            self.pre += tag == "pre"
        elif tag in ("ul", "ol"):
            self._break(1 if self.lists else 2)
            start = values.get("start") or "1"
            self.lists.append([int(tag == "ol"), int(start) if start.isdigit() else 1])
        elif tag == "li" and self.lists:
            self._break(1)
            numbered, number = self.lists[-1]
            self.lists[-1][1] += 1
            self._write(f"{number}. " if numbered else "• ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self._break(2)
            self._write("* * *")
            self._break(2)
        elif tag == "tr":
            self._break(1)
            self.first_cell = True
        elif tag in ("td", "th"):
            while self.parts and self.parts[-1].isspace():
                self.parts.pop()  # the line break between the cells' tags
            if not self.first_cell:
                self._write(" | ")
            self.first_cell = False
        elif tag == "a":
            self.links.append((values.get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.pre -= tag == "pre" and self.pre > 0
            self._break(2)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break(1 if self.lists else 2)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.parts[start:])
            address = href.removeprefix("mailto:")
            if href and address not in shown:
                self._write(f" ({address})")

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self.pending or not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip()
        if data:
            self._write(data)

    def _break(self, lines: int) -> None:
        if self.parts:
            self.pending = max(self.pending, lines)
        self.indent = "   " * max(0, len(self.lists) - 1)

    def _write(self, text: str) -> None:
        if self.pending:
            self.parts.append("\n" * self.pending + self.indent)
            self.pending = 0
        self.parts.append(text)

    def text(self) -> str:
        lines = "".join(self.parts).splitlines()
        return "\n".join(line.rstrip() for line in lines).strip() + "\n"
