"""One POST to a receiver we do not trust, within a budget it cannot stretch.

The host is resolved once and every address it gives is checked; the request goes to the
address that was checked (a second lookup could answer differently: DNS rebinding), with the
hostname for SNI and the certificate. No redirect is followed. The whole attempt (connect,
TLS, send, reading the answer) shares one monotonic deadline, and at most READ_LIMIT bytes
are read, so a receiver that drips its answer a byte at a time cannot hold a worker."""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

READ_LIMIT = 8192
EXCERPT_LIMIT = 1024

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The URL names, or resolves to, an address we never call."""


class SendError(Exception):
    """The attempt failed before an HTTP status came back."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


def allowed(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            return allowed(embedded)
    if address.is_loopback:
        return bool(settings.WEBHOOKS_ALLOW_LOOPBACK)
    return address.is_global and not (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve(host: str, port: int) -> tuple[socket.AddressFamily, str]:
    """The address to connect to; Refused if any address the host has is one we never call
    (a name with a public and a private address could be answered either way)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"{host} could not be found") from error
    if not found:
        raise Refused(f"{host} could not be found")
    for _family, _type, _proto, _name, sockaddr in found:
        if not allowed(ipaddress.ip_address(str(sockaddr[0]).split("%")[0])):
            raise Refused(f"{host} is a private, loopback or reserved address")
    family, _type, _proto, _name, sockaddr = found[0]
    return family, str(sockaddr[0])


def check_url(url: str) -> None:
    """Refused unless the URL is http(s) to a host whose every address we may call."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("the URL must start with http:// or https:// and name a host")
    if parts.username or parts.password:
        raise Refused("the URL may not carry a user name or password")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused("the URL's port is not a number from 1 to 65535") from error
    resolve(parts.hostname, port)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    deadline = time.monotonic() + timeout
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    family, address = resolve(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(_left(deadline))
        sock.connect((address, port))
        if secure:
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=host)
        sock.settimeout(_left(deadline))
        sock.sendall(_request(parts.path or "/", parts.query, parts.netloc, body, headers))
        return _answer(_read(sock, deadline))
    except TimeoutError as error:
        raise SendError(f"no answer within {timeout:g} s") from error
    except ssl.SSLError as error:
        raise SendError(f"TLS failed: {error.reason or error}") from error
    except OSError as error:
        raise SendError(error.strerror or str(error)) from error
    finally:
        sock.close()


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _request(path: str, query: str, netloc: str, body: bytes, headers: dict[str, str]) -> bytes:
    target = f"{path}?{query}" if query else path
    host = netloc.rpartition("@")[2]
    lines = [f"POST {target} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}",
             "Connection: close"]  # fmt: skip
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _read(sock: socket.socket, deadline: float) -> bytes:
    received = b""
    while len(received) < READ_LIMIT:
        sock.settimeout(_left(deadline))
        chunk = sock.recv(READ_LIMIT - len(received))
        if not chunk:
            break
        received += chunk
        head, separator, rest = received.partition(b"\r\n\r\n")
        if separator and len(rest) >= min(EXCERPT_LIMIT, _content_length(head)):
            break
    return received


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value.strip())
    return EXCERPT_LIMIT


def _answer(received: bytes) -> Answer:
    head, _separator, rest = received.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/"):
        raise SendError("the answer was not HTTP")
    try:
        status = int(status_line[1])
    except ValueError:
        raise SendError("the answer was not HTTP") from None
    excerpt = rest[:EXCERPT_LIMIT].decode("utf-8", "replace").replace("\x00", "\ufffd")
    return Answer(status=status, excerpt=excerpt)
