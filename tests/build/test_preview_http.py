"""The preview's HTTP side (`cchc serve`) against what a hostile page or a careless client sends: it
answers only to its own addresses as Host (a DNS-rebinding page cannot read drafts), refuses posts
from other sites' pages, believes no forwarded address, keeps a browser that goes away out of the
staff member's terminal, and answers a malformed request with a small Vietnamese page."""

from __future__ import annotations

import json
import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.gopy import post, question, send_json
from support.preview import MOUNT, Serving
from support.project import SiteProject

from cchc.preview.pages import ASSETS

DRAFT = "tin-tuc/2022/03/tin-con-nhap/"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    root = tmp_path_factory.mktemp("xem-truoc")
    project = SiteProject(root / "project")
    project.write_post("2022/d.md", {"title": "Tin còn nháp", "date": "2022-03-05 08:00", "task": 2, "unit": "Văn phòng",
                                     "draft": True})
    running = Serving(project, root / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def raw(port: int, request: bytes, *, connect: str = "127.0.0.1") -> tuple[int, str]:
    """One request as bytes, exactly as written; (status, body)."""
    with socket.create_connection((connect, port), timeout=10) as client:
        client.sendall(request)
        data = b""
        while chunk := client.recv(65536):
            data += chunk
    if not data.startswith(b"HTTP/"):  # an answer to what http.server reads as HTTP/0.9: the body alone
        return 0, data.decode("utf-8", errors="replace")
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body.decode("utf-8", errors="replace")


def get(port: int, path: str, host: str | None, *, connect: str = "127.0.0.1") -> tuple[int, str]:
    header = f"Host: {host}\r\n" if host is not None else ""
    return raw(port, f"GET {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n".encode(), connect=connect)


# --------------------------------------------------------------------------- Host


def test_only_its_own_addresses_as_host(preview: Serving) -> None:
    """A page of a name the attacker controls, made to resolve to 127.0.0.1 (DNS rebinding), sends its
    own name as Host: refused, and the draft is not in the answer."""
    port = preview.port
    own: list[str | None] = [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"]
    for host in own:
        status, body = get(port, MOUNT + DRAFT, host)
        assert status == 200 and "Tin còn nháp" in body, host
    others = [f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "127.0.0.1", f"127.0.0.2:{port}",
              f"localhost.evil.example:{port}", f"user@127.0.0.1:{port}", "", None]
    for host in others:
        status, body = get(port, MOUNT + DRAFT, host)
        assert status == 403 and "Tin còn nháp" not in body, host
        assert "Bản xem trước chỉ trả lời" in body, host
    status, _ = raw(port, f"POST {MOUNT}api/gop-y HTTP/1.1\r\nHost: evil.example:{port}\r\nContent-Type: application/json\r\n"
                          f"Content-Length: 2\r\nConnection: close\r\n\r\n{{}}".encode())
    assert status == 403


def test_the_configured_address_and_the_machine_s_own_when_listening_everywhere(tmp_path: Path) -> None:
    """--dia-chi 0.0.0.0:PORT (chosen by a staff member to show a colleague): the configured address,
    the loopback names, and the address of the machine that the browser reached are its own; any
    other name is refused."""
    project = SiteProject(tmp_path / "project")
    serving = Serving(project, tmp_path / "serve.log", host="0.0.0.0")
    try:
        port = serving.port
        assert get(port, MOUNT, f"0.0.0.0:{port}")[0] == 200
        assert get(port, MOUNT, f"127.0.0.1:{port}")[0] == 200
        assert get(port, MOUNT, f"127.0.0.2:{port}", connect="127.0.0.2")[0] == 200  # the address reached
        assert get(port, MOUNT, f"{socket.gethostname()}:{port}", connect="127.0.0.2")[0] == 200  # the machine's name
        assert get(port, MOUNT, f"127.0.0.3:{port}", connect="127.0.0.2")[0] == 403
        assert get(port, MOUNT, f"evil.example:{port}", connect="127.0.0.2")[0] == 403
    finally:
        serving.stop()


# --------------------------------------------------------------------------- posts


def test_posts_from_other_sites_pages_are_refused(preview: Serving) -> None:
    origin = f"http://127.0.0.1:{preview.port}"
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": f"http://localhost:{preview.port + 1}", "Sec-Fetch-Site": "cross-site"}):
        answer = send_json(origin, f"{MOUNT}api/gop-y", question(), headers=headers)
        assert answer.status == 403 and "code" not in answer.json(), headers
        rating = post(origin, f"{MOUNT}api/danh-gia", b"trang=tin-tuc%2F&huu_ich=co", "application/x-www-form-urlencoded",
                      headers=headers)
        assert rating.status == 403 and "location" not in rating.headers
    own = send_json(origin, f"{MOUNT}api/gop-y", question(), headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"})
    assert own.status == 201, own.body


def test_no_forwarded_address_is_believed(preview: Serving) -> None:
    """Every client of the preview could name its own address in X-Real-IP: the limit counts the peer."""
    origin = f"http://127.0.0.1:{preview.port}"
    statuses = [post(origin, f"{MOUNT}api/danh-gia", b'{"trang": "tin-tuc/", "huu_ich": "co"}', "application/json",
                     headers={"X-Real-IP": f"10.0.0.{n}", "X-Forwarded-For": f"10.0.1.{n}"}).status for n in range(32)]
    assert 429 in statuses and statuses.index(429) <= 30, statuses


def test_the_status_of_a_receipt_code_as_on_the_server(preview: Serving) -> None:
    """GET api/tra-cuu/<mã> answers in the preview too, and hoi-dap/<mã>/ shows the status page until the
    answer is published, as nginx's try_files does (deploy/nginx/cchc.conf)."""
    origin = f"http://127.0.0.1:{preview.port}"
    sent = send_json(origin, f"{MOUNT}api/gop-y", question(ho_ten="Lê Văn Riêng", lien_he="0911 222 333"),
                     headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"},
                     source="127.0.0.77")  # an address of its own: other tests use up 127.0.0.1's limit
    assert sent.status == 201, sent.body
    code = str(sent.json()["code"])
    answer = post(origin, f"{MOUNT}api/tra-cuu/{code.lower()}", b"", "text/plain", method="GET", source="127.0.0.77")
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.json()["code"] == code and answer.json()["status"] == "da-nhan"
    assert "Lê Văn" not in answer.text() and "0911" not in answer.text()
    assert answer.headers["cache-control"] == "no-store"
    lookup_page = post(origin, f"{MOUNT}hoi-dap/tra-cuu/", b"", "text/plain", method="GET")
    assert lookup_page.status == 200 and "data-lookup" in lookup_page.text()
    for typed in (code.lower(), code):
        shown = post(origin, f"{MOUNT}hoi-dap/{typed}/", b"", "text/plain", method="GET")
        assert (shown.status, shown.body) == (200, lookup_page.body), typed
    assert post(origin, f"{MOUNT}hoi-dap/khong-co/", b"", "text/plain", method="GET").status == 404


def test_the_receipt_without_script_has_the_look_of_the_preview_s_site(preview: Serving) -> None:
    """The service fills the page shell of the preview's own build (bien-nhan/): header, menu, styles."""
    origin = f"http://127.0.0.1:{preview.port}"
    body = b"tieu_de=H%E1%BB%8Fi+th%E1%BB%AD&noi_dung=N%E1%BB%99i+dung+c%C3%A2u+h%E1%BB%8Fi+th%E1%BB%AD.&dong_y=1"
    answer = post(origin, f"{MOUNT}api/gop-y", body, "application/x-www-form-urlencoded",
                  headers={"Origin": origin}, source="127.0.0.78")
    assert answer.status == 201 and answer.headers["content-type"].startswith("text/html"), answer.text()
    page = answer.text()
    assert 'class="cchc-receipt__code"' in page and '<header class="md-header' in page and 'class="md-tabs' in page
    assert "<title>Đã nhận góp ý – " in page and "cchc-service__header" not in page
    assert 'href="../assets/stylesheets/cchc.css"' in page  # one folder deep, as api/gop-y


# --------------------------------------------------------------------------- clients that go away, malformed requests


def test_a_client_that_goes_away_is_not_an_error_in_the_terminal(preview: Serving) -> None:
    """A browser tab closed while a page is on its way: the write fails (broken pipe, reset). Nothing
    about it in the staff member's terminal."""
    before = preview.log.read_text(encoding="utf-8")
    for path in (MOUNT + DRAFT, MOUNT + "tim-kiem/", MOUNT + ASSETS + "phien?sau=-1", MOUNT):
        for _ in range(10):
            client = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
            client.close()
    time.sleep(1)
    assert get(preview.port, MOUNT, f"127.0.0.1:{preview.port}")[0] == 200  # still serving
    printed = preview.log.read_text(encoding="utf-8")[len(before):]
    assert printed == "", printed


@pytest.mark.parametrize("path", [MOUNT + "%00", MOUNT + "tin-tuc/%00/", MOUNT + "a%0Ab", MOUNT + "%FF%FE", MOUNT + "%1b[31m"])
def test_a_malformed_path_is_a_400_page(preview: Serving, path: str) -> None:
    before = preview.log.read_text(encoding="utf-8")
    status, body = get(preview.port, path, f"127.0.0.1:{preview.port}")
    assert status == 400 and "Địa chỉ không hợp lệ" in body
    assert preview.log.read_text(encoding="utf-8")[len(before):] == ""


def test_other_malformed_requests_get_a_vietnamese_answer(preview: Serving) -> None:
    port, host = preview.port, f"Host: 127.0.0.1:{preview.port}\r\n"
    before = preview.log.read_text(encoding="utf-8")
    status, body = get(port, MOUNT + "a" * 300 + "/", f"127.0.0.1:{port}")  # a name longer than any file's
    assert status == 404
    status, body = get(port, MOUNT + ASSETS + "phien?sau=--5", f"127.0.0.1:{port}")
    assert status == 200 and "phien" in json.loads(body)
    status, body = raw(port, b"GET /cchc/ HTTP/1.1 rac\r\n\r\n")
    assert "Yêu cầu không hợp lệ" in body
    status, body = raw(port, b"GET /cchc/ HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(101)) + b"\r\n")
    assert status == 431 and "Tiêu đề của yêu cầu quá lớn" in body
    status, body = raw(port, b"BREW /cchc/ HTTP/1.1\r\n" + host.encode() + b"Connection: close\r\n\r\n")
    assert status == 501 and "không hỗ trợ" in body
    for length in (b"abc", b"-5", b"1e3"):
        status, body = raw(port, f"POST {MOUNT}api/gop-y HTTP/1.1\r\n{host}Content-Type: application/json\r\n".encode()
                           + b"Content-Length: " + length + b"\r\nConnection: close\r\n\r\n{}")
        assert status == 400 and "Yêu cầu không hợp lệ" in body, length
    status, body = raw(port, f"POST {MOUNT}api/gop-y HTTP/1.1\r\n{host}Content-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n".encode())
    assert status == 411
    status, body = raw(port, f"POST {MOUNT}api/gop-y HTTP/1.1\r\n{host}Content-Type: application/json\r\n"
                             f"Content-Length: {2**21}\r\nConnection: close\r\n\r\n{{}}".encode())
    assert status == 413
    assert preview.log.read_text(encoding="utf-8")[len(before):] == ""
