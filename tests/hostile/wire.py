"""Sending hostile values the way a hostile client does: as raw bytes, malformed UTF-8 included.

Django's test client encodes form data as strict UTF-8, so it cannot send a lone surrogate or
an overlong sequence at all. These helpers can. In a value, U+DC80 to U+DCFF stand for the raw
bytes 0x80 to 0xFF (Python's "surrogateescape"); any other lone surrogate is sent as the three
bytes UTF-8 would give it if it were a character (what CESU-8 and old Java send).
"""

from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"


def wire_bytes(value: object) -> bytes:
    out = bytearray()
    for char in str(value):
        if "\udc80" <= char <= "\udcff":
            out.append(ord(char) - 0xDC00)
        else:
            out += char.encode("utf-8", "surrogatepass")
    return bytes(out)


def form_body(data: dict[str, object]) -> str:
    """`data` as an urlencoded body or query string; list values repeat their key."""
    encoded = {
        key: [wire_bytes(v) for v in value] if isinstance(value, list) else wire_bytes(value)
        for key, value in data.items()
    }
    return urlencode(encoded, doseq=True)


def post_form(client, url: str, data: dict[str, object]):
    return client.post(url, form_body(data), content_type=FORM)


def get_with_query(client, url: str, params: dict[str, object]):
    return client.get(f"{url}?{form_body(params)}")


def as_received(value: object) -> str:
    """What the server reads for `value` sent with these helpers: malformed bytes become U+FFFD."""
    return wire_bytes(value).decode("utf-8", "replace")
