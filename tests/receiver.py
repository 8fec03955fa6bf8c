"""A webhook receiver on loopback: a real HTTP server in a thread that records each request
and answers as the test says (a status, a slow drip, a hold, or a closed port)."""

import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)


class Receiver:
    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.requests: list[Received] = []
        self.status = 200
        self.answer = b'{"ok": true}'
        self.drip_seconds = 0.0  # answer one byte at a time, this far apart
        self.hold = threading.Event()  # set: the request waits until released
        self.release = threading.Event()
        self.arrived = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.start()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append(Received(headers, body))
                receiver.arrived.set()
                if receiver.hold.is_set():
                    receiver.release.wait(60)
                if receiver.drip_seconds:
                    return self._drip()
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(receiver.answer)))
                self.end_headers()
                self.wfile.write(receiver.answer)

            def _drip(self) -> None:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(200):
                    try:
                        self.wfile.write(b"X")
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(receiver.drip_seconds)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Closes the port: connections are refused until `start`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def events(self) -> list[str]:
        return [json.loads(request.body)["type"] for request in self.requests]
