"""The status of a receipt code, as citizens reach it: GET /cchc/api/tra-cuu/<mã> on a real `cchc gop-y chay`
process with its real SQLite file, straight and behind real nginx with the shipped config; nginx's try_files
showing the static status page at hoi-dap/<mã>/ until the answer is published; that page in Chromium at
360×740, with the service running and with it stopped.

Every request comes from its own loopback address (127.0.0.x), so the per-address limits only bite where a
test means them to."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import COLLECT_VIOLATIONS, browsing, chromium
from support.gopy import CODE, HOTLINE, Service, cchc, post, question, running_service, send_json, write_config
from support.nginx import running_nginx, shipped_policy
from support.project import BuildResult

QUESTION, STATUS = "/cchc/api/gop-y", "/cchc/api/tra-cuu/"
PHONE = {"width": 360, "height": 740}
NAME, CONTACT, SUBJECT, CONTENT = "Trần Thị Riêng", "0987 654 321", "Hỏi về bản sao học bạ", "Xin hỏi cấp bản sao học bạ ở đâu?"
_addresses = (f"127.0.1.{n}" for n in itertools.count(10))


def address() -> str:
    return next(_addresses)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("tra-cuu")
    write_config(folder, folder / "gop-y.sqlite3")
    with running_service(folder) as running:
        yield running


@pytest.fixture(scope="module")
def site(bundled_site: BuildResult, service: Service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx with the shipped config in front of the bundled site and the same service on its unix socket."""
    with running_service(service.folder, unix=service.folder / "gop-y.sock") as proxied, \
            running_nginx(bundled_site.out, tmp_path_factory.mktemp("nginx-tra-cuu"), feedback_socket=proxied.socket) as url:
        yield url


@pytest.fixture(scope="module")
def code(service: Service) -> str:
    """A question sent with a name and a contact, as a citizen would."""
    sent = send_json(service.url, QUESTION, question(tieu_de=SUBJECT, noi_dung=CONTENT, ho_ten=NAME, lien_he=CONTACT),
                     source=address())
    assert sent.status == 201, sent.text()
    found = str(sent.json()["code"])
    assert re.fullmatch(CODE, found)
    return found


def lookup(base: str, typed: str) -> tuple[int, dict[str, object], dict[str, str]]:
    answer = post(base, STATUS + typed, b"", "text/plain", method="GET", source=address())
    assert answer.headers["content-type"].startswith("application/json"), answer.text()
    return answer.status, answer.json(), answer.headers


def test_a_stored_code_tells_its_state_and_dates_and_nothing_personal(service: Service, code: str, tmp_path: Path) -> None:
    status, body, headers = lookup(service.url, code)
    assert status == 200 and headers["cache-control"] == "no-store"
    assert (body["ok"], body["code"], body["status"], body["answered"], body["answer_url"]) == (True, code, "da-nhan", None, "")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(body["received"]))
    assert set(body) == {"ok", "code", "status", "label", "received", "answered", "answer_url"}
    text = str(body)
    for personal in (NAME, CONTACT, SUBJECT, CONTENT, "Trần", "0987"):
        assert personal not in text

    # Staff take the question up, then mark it answered: the state follows, and the answer's address appears.
    done = cchc(service.folder, "gop-y", "tra-loi", code, "--task", "8", "--output", str(tmp_path / "tra-loi.md"))
    assert done.returncode == 0, done.stderr
    assert lookup(service.url, code)[1]["status"] == "dang-tra-loi"
    assert cchc(service.folder, "gop-y", "da-tra-loi", code).returncode == 0
    _, body, _ = lookup(service.url, code)
    assert (body["status"], body["label"]) == ("da-tra-loi", "Đã trả lời")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(body["answered"]))
    assert str(body["answer_url"]).endswith(f"/cchc/hoi-dap/{code.lower()}/")


def test_codes_are_matched_without_regard_to_case(service: Service, code: str) -> None:
    for typed in (code.lower(), code, code[:4].lower() + code[4:]):
        status, body, _ = lookup(service.url, typed)
        assert (status, body["code"]) == (200, code), typed


def test_an_unknown_code_and_what_cannot_be_one(service: Service, code: str) -> None:
    unknown = "H4P8RT2B" if code != "H4P8RT2B" else "K7M3QX9A"
    status, body, _ = lookup(service.url, unknown.lower())
    assert (status, body["ok"], body["code"]) == (404, False, unknown) and "Không tìm thấy" in str(body["message"])
    status, body, _ = lookup(service.url, "khong-phai-ma")
    assert (status, body["ok"]) == (400, False) and "8 ký tự" in str(body["message"])


def test_the_lookup_only_answers_get(service: Service, code: str) -> None:
    for method in ("POST", "PUT", "DELETE"):
        answer = post(service.url, STATUS + code, b"{}", "application/json", method=method, source=address())
        assert answer.status == 405 and "tra cứu" in answer.text(), method


def test_lookups_have_their_own_rate_limit(service: Service, code: str) -> None:
    source = address()
    answers = [post(service.url, STATUS + code, b"", "text/plain", method="GET", source=source) for _ in range(12)]
    statuses = [answer.status for answer in answers]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]  # lookup_burst (10) of the service
    assert HOTLINE in answers[-1].json()["message"]
    # Its own limit: the same address can still send a question.
    sent = send_json(service.url, QUESTION, question(), source=source)
    assert sent.status == 201, sent.text()


def test_a_configured_lookup_limit_is_honoured(tmp_path: Path) -> None:
    """extra.cchc.feedback.lookup_burst and lookup_per_minute (the webmaster's settings, defaults 10 and 20): a
    service configured with 14 at once and 1 a minute answers 14 lookups of one address, then 429, where the
    default would have stopped at 10; another address still has its own 14."""
    write_config(tmp_path, tmp_path / "gop-y.sqlite3", lookup_burst=14, lookup_per_minute=1)
    with running_service(tmp_path) as configured:
        source = address()
        answers = [post(configured.url, STATUS + "H4P8RT2B", b"", "text/plain", method="GET", source=source) for _ in range(16)]
        assert [answer.status for answer in answers] == [404] * 14 + [429, 429]  # an unknown code: counted all the same
        assert HOTLINE in answers[-1].json()["message"]
        other = address()
        assert [post(configured.url, STATUS + "H4P8RT2B", b"", "text/plain", method="GET", source=other).status
                for _ in range(14)] == [404] * 14


def test_a_lookup_limit_out_of_bounds_stops_the_service_with_a_vietnamese_line(tmp_path: Path) -> None:
    write_config(tmp_path, tmp_path / "gop-y.sqlite3", lookup_burst=0)
    done = cchc(tmp_path, "gop-y", "chay", "--port", "1")
    said = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in said
    assert re.search(r"^mkdocs\.yml:\d+: `extra\.cchc\.feedback\.lookup_burst` phải là một số nguyên từ 1 đến 10000 "
                     r"\(tìm thấy: số 0\)$", said, re.MULTILINE), said


def test_through_nginx_the_lookup_has_the_site_s_headers(site: str, code: str) -> None:
    status, body, headers = lookup(site, code.lower())
    assert (status, body["code"]) == (200, code)
    assert headers["content-security-policy"] == shipped_policy() and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    source = address()
    statuses = [post(site, STATUS + code, b"", "text/plain", method="GET", source=source).status for _ in range(14)]
    assert 429 in statuses and statuses[0] == 200


def test_nginx_shows_the_status_page_at_an_answer_s_address_until_it_is_published(site: str, bundled_site: BuildResult) -> None:
    lookup_page = (bundled_site.out / "hoi-dap" / "tra-cuu" / "index.html").read_bytes()
    for typed in ("k7m3qx9a", "K7M3QX9A", "h4p8rt2b"):
        answer = post(site, f"/cchc/hoi-dap/{typed}/", b"", "text/plain", method="GET")
        assert (answer.status, answer.body) == (200, lookup_page), typed
        assert answer.headers["content-security-policy"] == shipped_policy()
    published = sorted(path.parent.name for path in (bundled_site.out / "hoi-dap").glob("*/index.html")
                       if re.fullmatch(r"[a-z0-9]{8}", path.parent.name))
    for name in published:  # an answer that is published is its own page
        answer = post(site, f"/cchc/hoi-dap/{name}/", b"", "text/plain", method="GET")
        assert answer.status == 200 and answer.body == (bundled_site.out / "hoi-dap" / name / "index.html").read_bytes()
    for other in ("/cchc/hoi-dap/abc/", "/cchc/hoi-dap/k7m3qx9a/khac/", "/cchc/hoi-dap/k7m3qx9a12/"):
        assert post(site, other, b"", "text/plain", method="GET").status == 404, other


# --------------------------------------------------------------------------- the page, in Chromium


def test_the_status_page_shows_the_state_from_the_service_on_a_phone(site: str, service: Service) -> None:
    sent = send_json(service.url, QUESTION, question(ho_ten=NAME, lien_he=CONTACT), source=address())
    fresh = str(sent.json()["code"])
    with chromium() as browser, browsing(browser, f"{site}/cchc/", viewport=PHONE) as (context, traffic):
        context.add_init_script(COLLECT_VIOLATIONS)
        page = context.new_page()
        page.goto(f"{site}/cchc/hoi-dap/{fresh.lower()}/")  # the address on the receipt, before any answer
        result = page.locator("[data-lookup-result]")
        result.wait_for(state="visible")
        page.wait_for_function("() => !document.querySelector('[data-lookup-result]').textContent.includes('Đang tra cứu')")
        text = result.inner_text()
        assert fresh in text and "Đã nhận, đang chờ trả lời" in text and "Ngày nhận" in text
        assert NAME not in page.content() and CONTACT not in page.content()
        assert result.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
        assert page.locator("[data-lookup-down]").is_hidden()
        # Typed in the box on hoi-dap/tra-cuu/: the same answer, whatever the case.
        page.goto(f"{site}/cchc/hoi-dap/tra-cuu/")
        page.fill("input[name=ma]", fresh.lower())
        page.click(".cchc-lookup__form button[type=submit]")
        page.wait_for_function("t => document.querySelector('[data-lookup-result]').textContent.includes(t)", arg=fresh)
        assert "Đã nhận" in result.inner_text()
        page.goto(f"{site}/cchc/hoi-dap/tra-cuu/?ma=H4P8RT2B")
        page.wait_for_function("() => document.querySelector('[data-lookup-result]').textContent.includes('Không tìm thấy')")
        assert page.evaluate("window.__cspViolations") == [] and traffic.foreign == []


def test_with_the_service_stopped_the_status_page_says_so_and_gives_the_hotline(bundled_site: BuildResult, tmp_path: Path) -> None:
    with running_nginx(bundled_site.out, tmp_path, feedback_socket=tmp_path / "gop-y.sock") as url, \
            chromium() as browser, browsing(browser, f"{url}/cchc/", viewport=PHONE) as (context, _):
        page = context.new_page()
        page.goto(f"{url}/cchc/hoi-dap/k7m3qx9b/")
        down = page.locator("[data-lookup-down]")
        down.wait_for(state="visible")
        assert HOTLINE in down.inner_text() and "chưa phục vụ được" in down.inner_text()
        assert page.locator("[data-lookup-down] a[href^='tel:']").count() == 1
        assert down.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
        assert page.locator("[data-lookup-result]").is_hidden()
        assert page.locator(".md-header").is_visible()  # the site itself still works
