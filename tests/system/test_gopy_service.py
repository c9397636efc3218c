"""The feedback service as citizens reach it: a real `cchc gop-y chay` process behind real nginx with
the shipped config (deploy/nginx/cchc.conf), and the repository's site built beside it.

Every request comes from its own loopback address (127.0.0.x), as different citizens would, so the
per-address limits of nginx and of the service only bite where a test means them to."""

from __future__ import annotations

import itertools
import json
import re
import shlex
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import REPO
from support.gopy import CODE, HOTLINE, Service, multipart, post, question, running_service, send_json, write_config
from support.nginx import running_nginx, shipped_policy
from support.project import READY_SITE_URL, BuildResult

from cchc.cli import main as cli

QUESTION, RATING = "/cchc/api/gop-y", "/cchc/api/danh-gia"
_addresses = (f"127.0.0.{n}" for n in itertools.count(10))


def address() -> str:
    return next(_addresses)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The service on a TCP port, reached straight (as on Windows, or by any program of the machine)."""
    folder = tmp_path_factory.mktemp("gop-y")
    write_config(folder, folder / "du-lieu" / "gop-y.sqlite3")
    with running_service(folder) as running:
        yield running


@pytest.fixture(scope="module")
def proxied(service: Service) -> Iterator[Service]:
    """The service as on the server: on the unix socket only nginx opens; the same database."""
    with running_service(service.folder, unix=service.folder / "gop-y.sock") as running:
        yield running


@pytest.fixture(scope="module")
def site(bundled_site: BuildResult, proxied: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx with the shipped config: the built site under /cchc/, the service behind /cchc/api/."""
    with running_nginx(bundled_site.out, tmp_path_factory.mktemp("nginx-gop-y"), feedback_socket=proxied.socket) as url:
        yield url


def stored(service: Service, sql: str, *values: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{service.folder / 'du-lieu' / 'gop-y.sqlite3'}?mode=ro", uri=True) as connection:
        return connection.execute(sql, values).fetchall()


def assert_headers_of_the_site(headers: list[tuple[str, str]]) -> None:
    """The service's answers carry the site's security headers (inherited, not re-declared) and one
    Cache-Control: the service's no-store, not the pages' five minutes."""
    values = {name.lower(): value for name, value in headers}
    assert values["content-security-policy"] == shipped_policy()
    assert values["x-content-type-options"] == "nosniff" and values["x-frame-options"] == "SAMEORIGIN"
    assert [value for name, value in headers if name.lower() == "cache-control"] == ["no-store"]


# --------------------------------------------------------------------------- accepted


def test_a_question_from_the_page_script_gets_a_receipt_code(site: str, service: Service) -> None:
    answer = send_json(site, QUESTION, question(tieu_de="Hỏi về học bạ"), source=address())
    assert answer.status == 201, answer.body
    data = answer.json()
    assert data["ok"] is True and re.fullmatch(CODE, data["code"])
    assert data["answer_url"] == f"https://sgddt.hungyen.gov.vn/cchc/hoi-dap/{data['code'].lower()}/"
    assert_headers_of_the_site(answer.all_headers)
    assert stored(service, "SELECT subject, status FROM questions WHERE code = ?", data["code"]) == [("Hỏi về học bạ", "moi")]


def test_a_question_without_script_gets_a_receipt_page(site: str, service: Service) -> None:
    body, kind = multipart({"tieu_de": "Góp ý không dùng JavaScript", "noi_dung": "Nội dung góp ý gửi bằng biểu mẫu thường.",
                            "ho_ten": "Trần Thị B", "lien_he": "0912 345 678", "dong_y": "1", "website": ""})
    answer = post(site, QUESTION, body, kind, source=address())
    assert answer.status == 201 and answer.headers["content-type"].startswith("text/html")
    page = answer.text()
    code = re.search(rf'cchc-receipt__code"><strong>({CODE})<', page)
    assert code, page
    assert f"/cchc/hoi-dap/{code.group(1).lower()}/" in page and HOTLINE in page
    assert_headers_of_the_site(answer.all_headers)
    # No script ran: no minimum fill time applies (the decided rule), the question is stored.
    assert stored(service, "SELECT name, contact FROM questions WHERE code = ?", code.group(1)) == [("Trần Thị B", "0912 345 678")]


def test_codes_are_neither_sequential_nor_repeated(site: str, service: Service) -> None:
    codes = [send_json(service.url, QUESTION, question(), source=address()).json()["code"] for _ in range(12)]
    assert len(set(codes)) == 12 and codes != sorted(codes)
    assert all(re.fullmatch(CODE, code) for code in codes)  # no 0, O, 1, I, L


# --------------------------------------------------------------------------- refused, at the field


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"tieu_de": "   "}, "tieu_de", "Vui lòng nhập tiêu đề"),
    ({"tieu_de": "t" * 201}, "tieu_de", "quá giới hạn 200 ký tự"),
    ({"noi_dung": "ư" * 5001}, "noi_dung", "quá giới hạn 5.000 ký tự"),
    ({"noi_dung": "ngắn"}, "noi_dung", "quá ngắn"),
    ({"ho_ten": "A" * 101}, "ho_ten", "quá giới hạn 100 ký tự"),
    ({"lien_he": "gọi tôi nhé"}, "lien_he", "chưa đúng"),
    ({"dong_y": False}, "dong_y", "Nghị định 13/2023"),
    ({"website": "http://spam.example"}, "", "ô ẩn"),
    ({"thoi_gian": 800}, "", "quá nhanh"),
    ({"thoi_gian": "NaN"}, "", "quá nhanh"),
])
def test_bad_input_is_refused_with_a_vietnamese_message_at_the_field(
        site: str, service: Service, change: dict[str, object], field: str, words: str) -> None:
    data = question(tieu_de=f"Câu hỏi bị từ chối {field} {words}", **{key: value for key, value in change.items() if key != "tieu_de"})
    if "tieu_de" in change:
        data["tieu_de"] = change["tieu_de"]
    answer = send_json(site, QUESTION, data, source=address())
    assert answer.status == 400, answer.body
    body = answer.json()
    assert body["ok"] is False and words in body["errors"][field], body
    assert "code" not in body
    assert stored(service, "SELECT count(*) FROM questions WHERE subject = ?", data["tieu_de"]) == [(0,)]


def test_a_refused_form_without_script_comes_back_with_what_was_typed(site: str) -> None:
    typed = {"tieu_de": "Tiêu đề <em>của tôi</em> & \"bạn\"", "noi_dung": "x" * 5001, "ho_ten": "Lê Văn C",
             "lien_he": "c@example.vn", "trang": "thu-tuc-hanh-chinh/", "dong_y": "1", "cong_khai": "1"}
    answer = post(site, QUESTION, *multipart(typed), source=address())
    assert answer.status == 400 and answer.headers["content-type"].startswith("text/html")
    page = answer.text()
    assert "quá giới hạn 5.000 ký tự" in page and 'id="loi-noi_dung"' in page
    assert 'aria-invalid="true" aria-describedby="loi-noi_dung' in page
    # What the citizen typed is back in the fields, as text.
    assert 'value="Tiêu đề &lt;em&gt;của tôi&lt;/em&gt; &amp; &#34;bạn&#34;"' in page
    assert "x" * 5001 + "</textarea>" in page
    assert 'value="Lê Văn C"' in page and 'value="c@example.vn"' in page and 'value="thu-tuc-hanh-chinh/"' in page
    assert 'name="dong_y" type="checkbox" value="1" required checked' in page
    assert "cchc-receipt" not in page


def test_the_body_limit(site: str, service: Service) -> None:
    big = question(noi_dung="a" * 40_000)
    for base in (site, service.url):
        answer = send_json(base, QUESTION, big, source=address())
        assert answer.status == 413 and "quá lớn (giới hạn 32 KB)" in answer.json()["message"]
    # 5,000 Vietnamese letters of three bytes each fit: the form without script sends multipart, not %-escapes.
    body, kind = multipart({"tieu_de": "Dài đúng giới hạn", "noi_dung": "ệ" * 5000, "dong_y": "1"})
    assert len(body) < 32 * 1024
    assert post(site, QUESTION, body, kind, source=address()).status == 201


def test_only_utf8_is_accepted(site: str) -> None:
    body, kind = multipart({"tieu_de": b"Ti\xeau \xf0\xe8", "noi_dung": "Nội dung của câu hỏi này.", "dong_y": "1"})
    answer = post(site, QUESTION, body, kind, source=address())
    assert answer.status == 400 and "UTF-8" in answer.text()
    answer = post(site, QUESTION, b'{"tieu_de": "\xff"}', "application/json", source=address())
    assert answer.status == 400 and "UTF-8" in answer.json()["message"]
    answer = post(site, RATING, b"trang=tin-tuc%2F&huu_ich=co&y_kien=%FF", "application/x-www-form-urlencoded", source=address())
    assert answer.status == 400 and "UTF-8" in answer.text()
    answer = post(site, QUESTION, b"<xml/>", "text/xml", source=address())
    assert answer.status == 415


def test_deeply_nested_json_is_refused_in_vietnamese(site: str, service: Service) -> None:
    """Nested deeper than the JSON parser's recursion limit, under the body limit: a 400, not a 500."""
    for body in (b"[" * 16_000 + b"]" * 16_000, b'{"a":' * 5000 + b"1" + b"}" * 5000):
        assert len(body) < 32 * 1024
        for base, path in ((site, QUESTION), (service.url, QUESTION), (service.url, RATING)):
            answer = post(base, path, body, "application/json", source=address())
            assert answer.status == 400, answer.body
            assert answer.json()["message"] == "Yêu cầu không đúng định dạng của biểu mẫu."
    assert "Traceback" not in service.log.read_text(encoding="utf-8")


def test_text_is_stored_in_nfc_without_control_characters(site: str, service: Service) -> None:
    decomposed = unicodedata.normalize("NFD", "Thủ tục đăng ký")
    data = question(tieu_de=f"{decomposed}\x00\x1b[31m đỏ\u202e", noi_dung="Dòng một\r\nDòng\thai\x07\n\n\n\nDòng ba")
    code = send_json(site, QUESTION, data, source=address()).json()["code"]
    [(subject, content)] = stored(service, "SELECT subject, content FROM questions WHERE code = ?", code)
    assert subject == "Thủ tục đăng ký[31m đỏ" and unicodedata.is_normalized("NFC", str(subject))
    assert content == "Dòng một\nDòng hai\n\nDòng ba"


def test_sql_and_html_are_stored_as_text(site: str, service: Service) -> None:
    hostile = "'); DROP TABLE questions;-- <script>alert(1)</script>"
    answer = send_json(site, QUESTION, question(tieu_de=hostile, noi_dung=hostile), source=address())
    assert answer.status == 201
    assert stored(service, "SELECT subject, content FROM questions WHERE code = ?", answer.json()["code"]) == [(hostile, hostile)]
    refused = post(site, QUESTION, *multipart({"tieu_de": hostile, "noi_dung": "ngắn"}), source=address())
    assert "<script>" not in refused.text() and "&lt;script&gt;alert(1)&lt;/script&gt;" in refused.text()


def test_only_post_to_the_two_endpoints(site: str, service: Service) -> None:
    for method in ("GET", "PUT", "DELETE"):
        answer = post(site, QUESTION, b"", "text/plain", method=method, source=address())
        assert answer.status == 405 and "chỉ nhận" in answer.text(), method
    # Anything else under api/ never reaches the service: the static 404 page.
    for path in ("/cchc/api/", "/cchc/api/quan-tri", "/cchc/api/gop-y/1"):
        answer = post(site, path, b"{}", "application/json", source=address())
        assert answer.status in (404, 405) and "Không tìm thấy trang" in answer.text(), path
    # The service alone has no other route either.
    assert post(service.url, "/cchc/api/quan-tri", b"", "text/plain", source=address()).status == 404


# --------------------------------------------------------------------------- ratings


def test_a_rating_without_script_redirects_back_with_a_thank_you(site: str, service: Service) -> None:
    page = "tin-tuc/2022/03/vi-du/"
    answer = post(site, RATING, f"trang={page}&huu_ich=chua&y_kien=Thi%E1%BA%BFu+m%E1%BA%ABu+%C4%91%C6%A1n".encode(),
                  "application/x-www-form-urlencoded", source=address())
    assert answer.status == 303 and answer.headers["location"] == f"/cchc/{page}#cam-on-danh-gia"
    assert stored(service, "SELECT useful, comment FROM ratings WHERE page = ?", page) == [(0, "Thiếu mẫu đơn")]
    answer = send_json(site, RATING, {"trang": page, "huu_ich": "co"}, source=address())
    assert answer.status == 201 and answer.json()["ok"] is True


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/", "../../etc/", "tin-tuc/../../x/", "", "Tin Tức/"])
def test_a_rating_never_redirects_off_the_site(site: str, page: str) -> None:
    answer = post(site, RATING, f"trang={page}&huu_ich=co".encode(), "application/x-www-form-urlencoded", source=address())
    assert answer.status == 400 and "location" not in answer.headers


# --------------------------------------------------------------------------- limits per address


def test_nginx_limits_one_address_and_only_that_one(site: str) -> None:
    busy, other = address(), address()
    statuses = [send_json(site, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=busy).status for _ in range(30)]
    assert statuses[:21] == [201] * 21  # rate 30/min, burst 20: the 22nd within a second is refused
    assert set(statuses[21:]) == {429}
    limited = send_json(site, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=busy)
    assert limited.status == 429 and "Chưa gửi được góp ý" in limited.text() and HOTLINE in limited.text()
    assert limited.headers["content-security-policy"] == shipped_policy()
    assert send_json(site, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=other).status == 201


def test_the_service_limits_one_address_by_itself(service: Service) -> None:
    busy = address()
    answers = [send_json(service.url, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=busy) for _ in range(32)]
    assert [answer.status for answer in answers[:30]] == [201] * 30
    assert answers[30].status == 429 and "quá nhiều lần" in answers[30].json()["message"]
    assert send_json(service.url, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=address()).status == 201


def test_over_tcp_the_service_believes_no_x_real_ip_even_from_the_loopback(service: Service) -> None:
    """Any program of the machine sends from 127.0.0.1, as nginx would: over TCP no X-Real-IP counts
    (trusted_proxies may only name another machine), so no one picks the address its limit counts."""
    statuses = [post(service.url, RATING, b'{"trang": "tin-tuc/", "huu_ich": "co"}', "application/json", source="127.0.0.1",
                     headers={"X-Real-IP": f"10.0.0.{n}"}).status for n in range(32)]
    assert statuses[:30] == [201] * 30 and statuses[30] == 429


def test_on_its_socket_the_service_counts_the_address_nginx_passes(site: str, proxied: Service) -> None:
    """Only nginx opens the socket (its mode, and its folder on the server): there X-Real-IP is the
    citizen's address. 60 ratings from four addresses, 15 each, pass both limits."""
    assert proxied.socket is not None and proxied.socket.stat().st_mode & 0o777 == 0o660
    statuses = [send_json(site, RATING, {"trang": "tin-tuc/", "huu_ich": "co"}, source=source).status
                for source in [address() for _ in range(4)] for _ in range(15)]
    assert statuses == [201] * 60


# --------------------------------------------------------------------------- posts from other sites' pages


OWN = READY_SITE_URL.removesuffix("/cchc/")  # the origin of site_url in write_config
HOST = OWN.removeprefix("https://")


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "cross-site"},  # whatever Origin says
    {"Sec-Fetch-Site": "cross-site", "Origin": OWN},
    {"Origin": "https://truong-a." + HOST.split(".", 1)[1], "Sec-Fetch-Site": "same-site"},  # a sibling host of the same domain
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "null"},  # a sandboxed frame, a file:// page
    {"Origin": OWN + ".evil.example"},
    {"Origin": OWN + ":8443"},
    {"Origin": "https://user@" + HOST},
], ids=lambda headers: " ".join(f"{name}={value}" for name, value in headers.items()))
def test_a_post_from_another_site_s_page_is_refused(service: Service, headers: dict[str, str]) -> None:
    subject = f"Giả mạo {headers}"
    answer = post(service.url, QUESTION, json.dumps(question(tieu_de=subject)).encode(), "application/json",
                  source=address(), headers=headers)
    assert answer.status == 403 and "chỉ nhận góp ý gửi từ chính các trang của trang tin" in answer.json()["message"]
    assert HOTLINE in answer.json()["message"] and "code" not in answer.json()
    page = post(service.url, QUESTION, *multipart({"tieu_de": subject, "noi_dung": "Nội dung gửi từ trang khác.", "dong_y": "1"}),
                source=address(), headers=headers)
    assert page.status == 403 and "chỉ nhận góp ý gửi từ chính các trang" in page.text() and "cchc-receipt" not in page.text()
    rating = post(service.url, RATING, b"trang=tin-tuc%2F&huu_ich=co&y_kien=gia-mao", "application/x-www-form-urlencoded",
                  source=address(), headers=headers)
    assert rating.status == 403 and "location" not in rating.headers
    assert stored(service, "SELECT count(*) FROM questions WHERE subject = ?", subject) == [(0,)]
    assert stored(service, "SELECT count(*) FROM ratings WHERE comment = 'gia-mao'") == [(0,)]


@pytest.mark.parametrize("headers", [
    {},  # a browser that sends neither header (older ones), a form without script
    {"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
    {"Origin": OWN},
    {"Origin": "http://" + HOST, "Sec-Fetch-Site": "same-origin"},  # the same host on http
    {"Origin": "https://" + HOST.upper() + ":443", "Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},
    {"Origin": OWN, "Sec-Fetch-Site": "same-site"},  # the site's own address, from a page of another host of the domain
], ids=lambda headers: " ".join(f"{name}={value}" for name, value in headers.items()) or "no header")
def test_a_post_from_the_site_s_own_pages_is_accepted(service: Service, headers: dict[str, str]) -> None:
    answer = post(service.url, QUESTION, json.dumps(question()).encode(), "application/json", source=address(), headers=headers)
    assert answer.status == 201, answer.body
    body, kind = multipart({"tieu_de": "Gửi từ trang của trang tin", "noi_dung": "Nội dung gửi từ trang góp ý.", "dong_y": "1"})
    assert post(service.url, QUESTION, body, kind, source=address(), headers=headers).status == 201


def test_the_origin_of_the_address_the_browser_asked_for_is_the_site_s_own(site: str, service: Service) -> None:
    """The page's origin is the address in the browser (nginx passes its Host, with the port), even
    when it is not site_url: a staging copy, the preview, this test's nginx on 127.0.0.1."""
    own = {"Origin": site, "Sec-Fetch-Site": "same-origin"}
    assert send_json(site, QUESTION, question(), source=address(), headers=own).status == 201
    assert send_json(service.url, QUESTION, question(), source=address(), headers={"Origin": service.url}).status == 201
    other_port = {"Origin": site.rsplit(":", 1)[0] + ":1", "Sec-Fetch-Site": "same-site"}
    assert send_json(site, QUESTION, question(), source=address(), headers=other_port).status == 403


# --------------------------------------------------------------------------- the service stopped


def test_with_the_service_stopped_pages_work_and_the_form_says_call_the_hotline(
        bundled_site: BuildResult, tmp_path: Path) -> None:
    with running_nginx(bundled_site.out, tmp_path, feedback_socket=tmp_path / "gop-y.sock") as url:  # nothing listens there
        for path in ("/cchc/", "/cchc/gop-y/", "/cchc/thu-tuc-hanh-chinh/", "/cchc/feed.xml"):
            assert post(url, path, b"", "text/plain", method="GET").status == 200, path
        for body, kind in (multipart({"tieu_de": "Hỏi", "noi_dung": "Nội dung câu hỏi", "dong_y": "1"}),
                           (json.dumps(question()).encode(), "application/json")):
            answer = post(url, QUESTION, body, kind)
            assert answer.status == 502 and answer.headers["content-type"] == "text/html; charset=utf-8"
            page = answer.text()
            assert "chưa được tiếp nhận" in page and HOTLINE in page and "tel:02213000001" in page
            assert answer.headers["content-security-policy"] == shipped_policy()
            assert answer.headers["x-content-type-options"] == "nosniff"


# --------------------------------------------------------------------------- the shipped unit and nginx config


def test_the_unit_and_nginx_agree_on_the_socket_only_they_share() -> None:
    """systemd starts the service on the socket nginx's upstream names, in a folder systemd makes for
    the service's user and group alone (nginx joins the group); the command line is the real parser's."""
    unit: dict[str, str] = {}
    for line in (REPO / "deploy" / "systemd" / "cchc-gop-y.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            unit[key.strip()] = value.strip()
    words = shlex.split(unit["ExecStart"])
    assert words[0] == unit["WorkingDirectory"] + "/.venv/bin/cchc"
    args = cli._parser().parse_args(words[1:])
    assert args.socket == f"/run/{unit['RuntimeDirectory']}/gop-y.sock"
    assert unit["RuntimeDirectoryMode"] == "0750" and unit["User"] == unit["Group"] == "cchc"
    nginx = (REPO / "deploy" / "nginx" / "cchc.conf").read_text(encoding="utf-8")
    assert f"server unix:{args.socket};" in nginx and "127.0.0.1:8090" not in nginx
    # The page shell of the pages without script comes from the folder nginx serves.
    assert f"alias {args.site}/;" in nginx
