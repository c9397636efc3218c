"""The HTTP side of `cchc serve`: pages of the preview's folder, the long poll, the feedback service.

A standard library threaded server (it runs on Windows too). Every answer carries the
Content-Security-Policy of the shipped nginx configuration, so the preview runs the pages under the
same rules as the live site; the feedback service (a WSGI application) answers its two POST addresses
on the same origin, as nginx passes them on the server.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from cchc import urls
from cchc.preview.pages import ASSETS


class Served(Protocol):
    """What the HTTP side asks of the preview (cchc.preview.server.Preview)."""

    host: str
    port: int
    mount: str  # the site's sub-path, e.g. "/cchc/"
    policy: str | None  # the shipped nginx configuration's Content-Security-Policy

    def feedback_app(self) -> Callable[..., Iterable[bytes]]: ...

    def wait(self, seen: int, timeout: float = 25.0) -> int: ...

    def resolve(self, relative: str) -> tuple[HTTPStatus, bytes, str]: ...


def say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # no access log in the staff's terminal

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def do_POST(self) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if path.startswith(preview.mount) and path[len(preview.mount):] in (urls.QUESTION_ENDPOINT, urls.RATING_ENDPOINT):
            self._wsgi(preview.feedback_app())
            return
        self._send(HTTPStatus.NOT_FOUND, "Không có dịch vụ ở địa chỉ này.".encode(), "text/plain; charset=utf-8")

    def _wsgi(self, app: Callable[..., Iterable[bytes]]) -> None:
        """One request through a WSGI application (the feedback service), as nginx passes it on the server."""
        body = self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 2**20))
        parts = urlsplit(self.path)
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": unquote(parts.path),
            "QUERY_STRING": parts.query, "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)), "SERVER_NAME": self.server.preview.host,
            "SERVER_PORT": str(self.server.preview.port), "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0], "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.multithread": True,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = value
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        chunks = app(environ, start_response)
        try:
            data = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        self.send_response(int(str(answer["status"]).split()[0]))
        for name, value in answer["headers"]:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        if self.server.preview.policy:
            self.send_header("Content-Security-Policy", self.server.preview.policy)
        self.end_headers()
        self.wfile.write(data)

    def _get(self, *, head: bool) -> None:
        preview = self.server.preview
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == preview.mount.rstrip("/"):
            self._redirect(preview.mount)
            return
        if not path.startswith(preview.mount):
            self._redirect(preview.mount)
            return
        relative = path[len(preview.mount):]
        if relative == f"{ASSETS}phien":
            seen = parse_qs(parts.query).get("sau", ["-1"])[0]
            version = preview.wait(int(seen) if seen.lstrip("-").isdigit() else -1)
            self._send(HTTPStatus.OK, json.dumps({"phien": version}).encode(), "application/json", head=head)
            return
        status, body, kind = preview.resolve(relative)
        self._send(status, body, kind, head=head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, *, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.preview.policy:
            self.send_header("Content-Security-Policy", self.server.preview.policy)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Served) -> None:
        self.preview = preview
        super().__init__((preview.host, preview.port), Handler)
