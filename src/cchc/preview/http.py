"""The HTTP side of `cchc serve`: pages of the preview's folder, the long poll, the feedback service.

A standard library threaded server (it runs on Windows too). Every answer carries the
Content-Security-Policy of the shipped nginx configuration, so the preview runs the pages under the
same rules as the live site; the feedback service (a WSGI application) answers its two POST addresses
and the GET of a receipt code's status on the same origin, as nginx passes them on the server (it refuses posts from other sites' pages, and
believes no forwarded address here).

Only the preview's own addresses are answered as Host (`Server.allows`): a page of another name made
to resolve to this machine (DNS rebinding) cannot read drafts. The staff editor (`quan-tri/`,
cchc.editor) answers a browser of this machine only, and its protocol a JSON POST from the preview's
own pages (their Origin), under its own Content-Security-Policy. A client that goes away is not an error
in the staff member's terminal; a malformed request gets a small Vietnamese page.
"""

from __future__ import annotations

import html
import io
import json
import re
import socket
import sys
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from cchc import urls
from cchc.editor.serving import MAX_REQUEST, POLICY, PREFIX, Editor
from cchc.preview.pages import ASSETS


class Served(Protocol):
    """What the HTTP side asks of the preview (cchc.preview.server.Preview)."""

    host: str
    port: int
    mount: str  # the site's sub-path, e.g. "/cchc/"
    policy: str | None  # the shipped nginx configuration's Content-Security-Policy

    def url(self) -> str: ...

    def feedback_app(self) -> Callable[..., Iterable[bytes]]: ...

    def wait(self, seen: int, timeout: float = 25.0) -> int: ...

    def resolve(self, relative: str) -> tuple[HTTPStatus, bytes, str]: ...

    def editor(self) -> Editor: ...


def say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


MAX_BODY = 2**20  # a post to the feedback service; the service refuses more than max_body_kb itself
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
_ERRORS = {
    HTTPStatus.BAD_REQUEST: "Yêu cầu không hợp lệ.",
    HTTPStatus.NOT_IMPLEMENTED: "Bản xem trước không hỗ trợ kiểu yêu cầu này.",
    HTTPStatus.REQUEST_URI_TOO_LONG: "Địa chỉ quá dài.",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "Tiêu đề của yêu cầu quá lớn.",
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "Phiên bản HTTP này không được hỗ trợ.",
    HTTPStatus.LENGTH_REQUIRED: "Yêu cầu gửi nội dung phải cho biết độ dài (Content-Length).",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "Nội dung gửi quá lớn.",
}


def small_page(title: str, text: str) -> bytes:
    return (f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></html>").encode()


def host_key(value: str, default_port: int = 80) -> tuple[str, int] | None:
    """(name, port) of a Host header or an address, the name lowercased; None when malformed."""
    try:
        parts = urlsplit(f"//{value}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.username is not None or parts.password is not None or parts.path:
        return None
    return parts.hostname.lower(), port or default_port


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # no access log in the staff's terminal

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, an unknown method), in Vietnamese."""
        status = HTTPStatus(code)
        self.close_connection = True
        text = _ERRORS.get(status, "Yêu cầu không hợp lệ.")
        self._send(status, small_page(f"Lỗi {status.value}", text), "text/html; charset=utf-8",
                   head=self.command == "HEAD", close=True)

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def _admitted(self, *, head: bool = False) -> str | None:
        """The request's path, decoded; None once refused: a Host that is not the preview's, a path
        that cannot be a file's (a NUL or control character, bytes that are not UTF-8)."""
        preview = self.server.preview
        if not self.server.allows(self.headers.get("Host"), self.connection.getsockname()[0]):
            self._send(HTTPStatus.FORBIDDEN, small_page(
                "Địa chỉ không phải của bản xem trước",
                f"Bản xem trước chỉ trả lời khi được mở bằng địa chỉ của nó, {preview.url()}, hoặc "
                f"http://localhost:{preview.port}{preview.mount}."), "text/html; charset=utf-8", head=head, close=True)
            return None
        try:
            path = unquote(urlsplit(self.path).path, errors="strict")
        except UnicodeDecodeError:
            path = "\x00"
        if _CONTROL.search(path):
            self._send(HTTPStatus.BAD_REQUEST, small_page("Địa chỉ không hợp lệ", "Địa chỉ có ký tự không thể có trong "
                       "địa chỉ của một trang."), "text/html; charset=utf-8", head=head, close=True)
            return None
        return path

    def do_POST(self) -> None:
        preview = self.server.preview
        path = self._admitted()
        if path is None:
            return
        if path.startswith(preview.mount) and path[len(preview.mount):] in (urls.QUESTION_ENDPOINT, urls.RATING_ENDPOINT):
            body = self._body()
            if body is not None:
                self._wsgi(preview.feedback_app(), body)
            return
        if path.startswith(preview.mount + PREFIX):
            self._editor_post(path[len(preview.mount + PREFIX):])
            return
        self._send(HTTPStatus.NOT_FOUND, "Không có dịch vụ ở địa chỉ này.".encode(), "text/plain; charset=utf-8",
                   close=True)  # its body was not read

    def _editor_refusal(self) -> str | None:
        """Why the editor does not answer this request (None: it does): it answers a browser on this
        machine only, whatever address the preview listens on (`--dia-chi 0.0.0.0:8000` shows the pages
        to a colleague, not the right to write files)."""
        if self.client_address[0] not in _LOOPBACK:
            return "Trình soạn thảo chỉ mở được trên chính máy đang chạy cchc serve."
        return None

    def _editor_post(self, relative: str) -> None:
        """A request of the editor's protocol: from a page of the preview itself (its Origin), as JSON."""
        refusal = self._editor_refusal()
        origin = self.headers.get("Origin")
        if refusal is None and (origin is None or host_key(urlsplit(origin).netloc) != host_key(self.headers.get("Host", ""))
                                or urlsplit(origin).scheme != "http"):
            refusal = "Trình soạn thảo chỉ nhận yêu cầu từ trang của chính bản xem trước."
        if refusal is None and (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            refusal = "Yêu cầu phải là JSON."
        if refusal is not None:
            self._send(HTTPStatus.FORBIDDEN, json.dumps({"error": refusal}, ensure_ascii=False).encode(),
                       "application/json; charset=utf-8", close=True)
            return
        body = self._body(MAX_REQUEST)
        if body is not None:
            status, answer, kind = self.server.preview.editor().post(relative, body)
            self._send(status, answer, kind, policy=POLICY)

    def _body(self, limit: int = MAX_BODY) -> bytes | None:
        """The request's body, read whole; None once refused (no length, a malformed one, too long)."""
        if self.headers.get("Transfer-Encoding") is not None:
            self.send_error(HTTPStatus.LENGTH_REQUIRED)
            return None
        length = (self.headers.get("Content-Length") or "0").strip()
        if not (length.isascii() and length.isdigit()):
            self.send_error(HTTPStatus.BAD_REQUEST)
            return None
        if int(length) > limit:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return None
        return self.rfile.read(int(length))

    def _wsgi(self, app: Callable[..., Iterable[bytes]], body: bytes) -> None:
        """One request through a WSGI application (the feedback service), as nginx passes it on the server."""
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
        path = self._admitted(head=head)
        if path is None:
            return
        if path == preview.mount.rstrip("/"):
            self._redirect(preview.mount)
            return
        if not path.startswith(preview.mount):
            self._redirect(preview.mount)
            return
        relative = path[len(preview.mount):]
        if relative == f"{ASSETS}phien":
            seen = parse_qs(urlsplit(self.path).query).get("sau", ["-1"])[0]
            version = preview.wait(int(seen) if re.fullmatch(r"-?[0-9]{1,18}", seen) else -1)
            self._send(HTTPStatus.OK, json.dumps({"phien": version}).encode(), "application/json", head=head)
            return
        if relative.startswith(urls.STATUS_ENDPOINT) and not head:
            self._wsgi(preview.feedback_app(), b"")  # the status of a receipt code, as nginx passes it on
            return
        if relative.startswith(PREFIX):
            refusal = self._editor_refusal()
            if refusal is not None:
                self._send(HTTPStatus.FORBIDDEN, small_page("Không mở được trình soạn thảo", refusal), "text/html; charset=utf-8",
                           head=head, close=True)
                return
            found = preview.editor().get(relative[len(PREFIX):])
            if found is not None:
                self._send(*found, head=head, policy=POLICY)
                return
        status, body, kind = preview.resolve(relative)
        self._send(status, body, kind, head=head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, *, head: bool = False, close: bool = False,
              policy: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        if policy or self.server.preview.policy:
            self.send_header("Content-Security-Policy", policy or self.server.preview.policy or "")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Served) -> None:
        self.preview = preview
        port = preview.port
        names = {"127.0.0.1", "localhost", "::1", preview.host.lower()}
        # Listening on every address (--dia-chi 0.0.0.0:8000, to show a colleague): also the machine's
        # name, and (in `allows`) whichever of the machine's addresses the browser reached.
        self.everywhere = preview.host in ("", "0.0.0.0", "::")
        if self.everywhere:
            names.add(socket.gethostname().lower())
        self.hosts = {(name.strip("[]"), port) for name in names}
        super().__init__((preview.host, preview.port), Handler)

    def allows(self, host: str | None, reached: str) -> bool:
        """Whether a Host header names this preview: its address, a loopback name, and when it listens
        on every address, the machine's name or the address the connection reached."""
        key = host_key(host) if host else None
        if key is None:
            return False
        return key in self.hosts or self.everywhere and key == (reached.lower(), self.preview.port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away (a tab closed, a reload) is not an error; anything else is one line."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # broken pipe, reset, aborted
            return
        say(f"Lỗi khi trả lời một yêu cầu của trình duyệt: {type(error).__name__}: {error}")
