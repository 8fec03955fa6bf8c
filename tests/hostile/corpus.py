"""Input that has broken other web apps. Every form and service must refuse it or keep it inert.

Values are sent with tests/hostile/wire.py, so the malformed-UTF-8 entries reach the server as
the raw bytes they stand for.
"""

from tests.hostile.wire import as_received

HOSTILE = {
    # Markup and script
    "script": '<script>alert("cosign")</script>',
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "style attribute breakout": 'x" style="background:url(javascript:alert(1))" x="',
    "event handler": "<b onmouseover=alert(1)>hover</b>",
    "svg onload": "<svg/onload=alert(1)>",
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "template tag": "{{ settings.SECRET_KEY }} {% debug %}",
    # URLs that run or carry a page
    "javascript url": "javascript:alert(document.cookie)",
    "data url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "entity-encoded javascript": '<a href="&#106;avascript&#58;alert(1)">click</a>',
    "markdown javascript link": "[click](javascript:alert(1))",
    "markdown data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "markdown svg image": "![x](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)",
    # Styles
    "css injection": "</style><style>body{background:url(https://evil.example/x)}</style>",
    # Spreadsheets
    "csv formula": '=HYPERLINK("https://evil.example","click")',
    "csv plus": "+1+cmd|' /C calc'!A0",
    "csv minus": "-2+3+cmd|' /C calc'!A0",
    "csv at": "@SUM(1+9)*cmd|' /C calc'!A0",
    # Databases
    "sql": "Robert'); DROP TABLE campaigns_signature;--",
    # Email headers
    "header injection": "Alex\r\nBcc: victim@example.org",
    "subject injection": "Thanks\r\nSubject: spoofed\r\nBcc: victim@example.org\r\n\r\n<b>body</b>",
    "unicode line breaks": "Alex\u2028Bcc: victim@example.org\u0085\u2029more",
    "email with crlf": "alex@example.org\r\nBcc: victim@example.org",
    "email list": "alex@example.org, victim@example.org",
    # Text that displays as something else
    "rtl override": "\u202eredro\u202c Alex",
    "unterminated rtl override": "Alex \u202egnp.exe",
    "zero width": "Al\u200bex\u200d Ri\u200cvera\u2060\ufeff",
    "combining marks": "Zo\u0065\u0301\u0301\u0301e Lofgren",
    "homoglyph member": "N\u0430ncy Pelosi",  # a Cyrillic а
    "homoglyph office": "Office of Sen. B\u0435rnie S\u0430nders",  # Cyrillic е and а
    # Bytes that are not text
    "nul byte": "Alex\x00Rivera",
    "lone surrogate": "Alex\ud800Rivera",
    "overlong utf-8": "\udcc0\udcbcscript\udcc0\udcbealert(1)",  # '<' and '>' as C0 BC, C0 BE
    "truncated utf-8": "Alex \udce2\udc82",
    # Size and scripts
    "overlong": "x" * 10_000,
    "unicode": "Nydia Velázquez 名前 اسم 𝔘𝔫𝔦",
}


def _indented_list(n: int) -> str:
    lines, size, depth = [], 0, 0
    while size < n:
        lines.append("  " * depth + "- item\n")
        size += len(lines[-1])
        depth += 1
    return "".join(lines)


# Letter text that nests, or leaves open, as much as its length allows: NESTING[name](n) is
# about n characters long. Each shape once made rendering take time in the square of the
# length, or could.
NESTING = {
    "divs": lambda n: "<div>" * (n // 5),
    "closed divs": lambda n: "<div>" * (n // 11) + "</div>" * (n // 11),
    "blockquote tags": lambda n: "<blockquote>" * (n // 12),
    "list tags": lambda n: "<ul><li>" * (n // 8),
    "table tags": lambda n: "<table><tr><td>" * (n // 15),
    "bold tags": lambda n: "<b>" * (n // 3),
    "link tags": lambda n: '<a href="https://example.org">' * (n // 30),
    "tags in paragraphs": lambda n: "<b>\n\n" * (n // 5),
    "divs in paragraphs": lambda n: "<div>\n\n" * (n // 7),
    "quote markers": lambda n: ">" * n,
    "spaced quote markers": lambda n: "> " * (n // 2),
    "list markers": lambda n: "- " * (n // 2),
    "quotes in lists": lambda n: "> - " * (n // 4),
    "indented lists": _indented_list,
    "emphasis run": lambda n: "*" * n,
    "nested emphasis": lambda n: "**a " * (n // 8) + "a** " * (n // 8),
    "nested underscores": lambda n: "_a " * (n // 6) + "a_ " * (n // 6),
    "brackets": lambda n: "[" * n,
    "closed brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "nested link text": lambda n: "[a" * (n // 6) + "](b)" * (n // 6),
    "images": lambda n: "![" * (n // 2),
    "open quotes, then apostrophes": lambda n: '"a ' * (n // 6) + "a' " * (n // 6),
    "apostrophes in one paragraph": lambda n: "it's " * (n // 5),
}


def spread(
    labels: list[str], fields: dict[str, int], *, refuse_nul: frozenset[str] = frozenset()
) -> list[dict[str, str]]:
    """The corpus entries `labels` spread over `fields` (name: how many characters it takes) in
    as few payloads as they fit: every entry lands whole in one field of one payload. Fields in
    `refuse_nul` (Django's own CharField refuses NUL) never get the NUL byte."""

    def fits(value: str, name: str, payload: dict[str, list[str]]) -> bool:
        if "\x00" in value and name in refuse_nul:
            return False
        used = sum(len(as_received(v)) + 1 for v in payload[name])
        return used + len(as_received(value)) + 1 <= fields[name]

    payloads: list[dict[str, list[str]]] = [{name: [] for name in fields}]
    for value in (HOSTILE[label] for label in labels):
        place = next((name for name in fields if fits(value, name, payloads[-1])), None)
        if place is None:
            payloads.append({name: [] for name in fields})
            place = next(name for name in fields if fits(value, name, payloads[-1]))
        payloads[-1][place].append(value)
    return [{name: " ".join(values) for name, values in p.items() if values} for p in payloads]
