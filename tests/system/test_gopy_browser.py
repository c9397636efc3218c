"""A citizen in headless Chromium, with and without JavaScript: the real service behind the shipped
nginx config, in front of a site built from a test content tree. Then the whole way of a question:
sent from gop-y/, answered with `cchc gop-y tra-loi`, the file moved into content/hoi-dap/, the site
rebuilt, and the published answer found by its receipt code in the site's search."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from support import REPO
from support.browser import COLLECT_VIOLATIONS, browsing, chromium, results, wait_for_search
from support.gopy import CODE, HOTLINE, Service, cchc, free_port, running_service, write_config
from support.nginx import running_nginx
from support.project import SiteProject

from cchc.dates import LOCAL_TZ

EXPLAINER = "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/"
POST = "tin-tuc/2022/03/tin-thuong/"


@dataclass
class Setup:
    project: SiteProject
    service: Service
    base: str  # http://127.0.0.1:<nginx>/cchc/
    browser: Browser


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("trinh-duyet")
    project = SiteProject(root / "kho")
    shutil.copy(REPO / "content" / "posts" / "2022" / "08" / "huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi.md",
                project.root / "content" / "posts" / "explainer.md")
    project.write_post("2022/03/tin.md", {"title": "Tin thường", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    built = project.build()
    assert built.returncode == 0, built.stderr
    write_config(root / "may-chu", root / "may-chu" / "gop-y.sqlite3", content_from=project.root, min_fill_seconds=1)
    # --trang: the built site the service takes its page shell from (the server's published folder).
    with running_service(root / "may-chu", unix=root / "may-chu" / "gop-y.sock", args=("--trang", str(project.root / "site"))) as service, \
            running_nginx(project.root / "site", root / "nginx", feedback_socket=service.socket) as url, chromium() as browser:
        yield Setup(project, service, f"{url}/cchc/", browser)


@pytest.fixture
def scripted(setup: Setup) -> Iterator[tuple[BrowserContext, list[str]]]:
    with browsing(setup.browser, setup.base) as (context, traffic):
        context.add_init_script(COLLECT_VIOLATIONS)
        yield context, traffic.foreign


@pytest.fixture
def plain(setup: Setup) -> Iterator[BrowserContext]:
    with browsing(setup.browser, setup.base, java_script_enabled=False) as (context, _):
        yield context


def fill(page: Page, **fields: str) -> None:
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)
    page.check("[name=dong_y]")


def no_csp_violations(page: Page) -> None:
    assert page.evaluate("window.__cspViolations") == []


# --------------------------------------------------------------------------- with JavaScript


def test_with_script_the_receipt_comes_without_reload(setup: Setup, scripted: tuple[BrowserContext, list[str]]) -> None:
    context, foreign = scripted
    page = context.new_page()
    page.goto(setup.base + "gop-y/")
    page.evaluate("window.__stayed = true")
    fill(page, tieu_de="Hỏi bằng JavaScript", noi_dung="Xin hỏi về thủ tục cấp bản sao văn bằng tốt nghiệp.")
    page.wait_for_timeout(1100)  # the form must have been open for min_fill_seconds (1 s here)
    page.click("#gop-y-form button[type=submit]")
    receipt = page.wait_for_selector(".cchc-receipt")
    assert receipt is not None
    code = page.inner_text(".cchc-receipt__code").strip()
    assert re.fullmatch(CODE, code) and page.evaluate("window.__stayed") is True  # no reload
    assert page.get_attribute(".cchc-receipt a", "href") == f"https://sgddt.hungyen.gov.vn/cchc/hoi-dap/{code.lower()}/"
    assert page.evaluate("document.activeElement.className") == "cchc-receipt"
    no_csp_violations(page)
    assert not foreign


def test_with_script_a_refusal_is_shown_at_the_field(setup: Setup, scripted: tuple[BrowserContext, list[str]]) -> None:
    context, _ = scripted
    page = context.new_page()
    # The page's clock stands still until the test moves it: "too fast" does not depend on the machine's load.
    page.add_init_script("window.__clock = 0; performance.now = () => window.__clock;")
    page.goto(setup.base + "gop-y/")
    fill(page, tieu_de="Quá nhanh", noi_dung="Nội dung đủ dài để gửi đi.")
    page.click("#gop-y-form button[type=submit]")  # 0 ms after the form opened: sooner than min_fill_seconds
    page.wait_for_selector(".cchc-form__status--error")
    assert "quá nhanh" in page.inner_text(".cchc-form__status")
    page.evaluate("window.__clock = 5000")
    page.fill("[name=noi_dung]", "ngắn")
    page.click("#gop-y-form button[type=submit]")
    page.wait_for_selector("#loi-noi_dung")
    assert "quá ngắn" in page.inner_text("#loi-noi_dung")
    assert page.get_attribute("[name=noi_dung]", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "noi_dung"
    assert page.input_value("[name=tieu_de]") == "Quá nhanh"  # what was typed stays


def test_the_explainer_link_fills_in_the_page(setup: Setup, scripted: tuple[BrowserContext, list[str]]) -> None:
    context, _ = scripted
    page = context.new_page()
    page.goto(setup.base + EXPLAINER)
    page.click(".cchc-ask a")
    page.wait_for_load_state()
    assert page.url.startswith(setup.base + "gop-y/?trang=")
    assert page.input_value("[name=trang]") == EXPLAINER


def test_with_script_one_vote_per_page(setup: Setup, scripted: tuple[BrowserContext, list[str]]) -> None:
    context, _ = scripted
    page = context.new_page()
    page.goto(setup.base + POST)
    page.fill("#dg-y-kien", "Rõ ràng")
    page.click("#danh-gia button[value=co]")
    page.wait_for_selector(".cchc-rating--done")
    assert "Cảm ơn bạn đã đánh giá" in page.inner_text(".cchc-rating__status")
    assert page.evaluate(f"localStorage.getItem('cchc-danh-gia:{POST}')") == "1"
    assert page.evaluate("document.cookie") == ""  # nothing else is kept
    page.reload()
    page.wait_for_selector(".cchc-rating--done")
    assert "Bạn đã đánh giá trang này" in page.inner_text(".cchc-rating__status")
    assert not page.is_visible("#danh-gia form")
    with sqlite3.connect(setup.service.folder / "gop-y.sqlite3") as connection:
        assert connection.execute("SELECT useful, comment FROM ratings WHERE page = ?", (POST,)).fetchall() == [(1, "Rõ ràng")]
    no_csp_violations(page)


# --------------------------------------------------------------------------- without JavaScript


def test_without_script_the_form_posts_and_the_receipt_page_answers(setup: Setup, plain: BrowserContext) -> None:
    page = plain.new_page()
    page.goto(setup.base + "gop-y/")
    fill(page, tieu_de="Hỏi không dùng JavaScript", noi_dung="ngắn", ho_ten="Lê Thị F")
    page.click("#gop-y-form button[type=submit]")
    page.wait_for_load_state()
    assert page.url == setup.base + "api/gop-y"
    assert "quá ngắn" in page.inner_text("#loi-noi_dung") and page.input_value("[name=ho_ten]") == "Lê Thị F"
    page.fill("[name=noi_dung]", "Nội dung đã sửa cho đủ dài.")
    page.click("#gop-y-form button[type=submit]")
    page.wait_for_load_state()
    code = page.inner_text(".cchc-receipt__code").strip()
    assert re.fullmatch(CODE, code) and HOTLINE in page.inner_text(".cchc-receipt")
    # The site's look, from its built page shell: header with the logo, the menu with its section marked, the styles.
    assert page.title().startswith("Đã nhận góp ý") and page.locator(".cchc-service__header").count() == 0
    assert page.locator(".md-header").is_visible()
    assert page.evaluate("(() => { const img = document.querySelector('.cchc-brand img');"
                         " return !!img && img.complete && img.naturalWidth > 0; })()")
    assert "Góp ý – Hỏi đáp" in page.inner_text(".md-tabs__item--active, .md-nav__item--active")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    home = page.locator("a.cchc-brand").get_attribute("href")
    assert home is not None and page.evaluate(f"new URL({home!r}, location.href).pathname") == "/cchc/"


def test_without_script_a_vote_returns_to_the_page_with_thanks(setup: Setup, plain: BrowserContext) -> None:
    page = plain.new_page()
    page.goto(setup.base + EXPLAINER)
    assert not page.is_visible("#cam-on-danh-gia")
    page.click("#danh-gia button[value=chua]")
    page.wait_for_load_state()
    assert page.url == setup.base + EXPLAINER + "#cam-on-danh-gia"
    assert page.is_visible("#cam-on-danh-gia") and not page.is_visible("#danh-gia form")


# --------------------------------------------------------------------------- from another site's page


ELSEWHERE = """<!doctype html><meta charset="utf-8"><title>Trang của người khác</title>
<form method="post" action="{action}" enctype="multipart/form-data">
<input name="tieu_de" value="{subject}"><input name="noi_dung" value="Nội dung gửi từ trang của người khác.">
<input name="dong_y" value="1"><button>Gửi</button></form>
<form method="post" action="{rating}"><input name="trang" value="{page}"><input name="y_kien" value="{subject}">
<button name="huu_ich" value="co">Có</button></form>"""


@contextmanager
def elsewhere(folder: Path, **values: str) -> Iterator[int]:
    """Another program's page on this machine (port yielded), reached as localhost (another site) or
    as 127.0.0.1 (the same site as the test's nginx, another origin)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(ELSEWHERE.format(**values), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_form_on_another_site_s_page_is_refused(setup: Setup, tmp_path: Path, host: str) -> None:
    """A page elsewhere that posts the citizen's browser into the service: the form (a navigation) and
    the page's script (fetch without CORS, which needs no permission to send) are both refused,
    nothing is stored. The forms of the site itself are the tests above, with and without script."""
    subject = f"Gửi từ trang khác ({host})"
    access_log = setup.project.root.parent / "nginx" / "access.log"
    refused_before = access_log.read_text().count('"POST /cchc/api/gop-y HTTP/1.1" 403')
    with elsewhere(tmp_path, action=setup.base + "api/gop-y", rating=setup.base + "api/danh-gia", subject=subject,
                   page=POST) as port:
        context = setup.browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"http://{host}:{port}/")
            with page.expect_navigation() as sent:
                page.click("text=Gửi")
            response = sent.value
            assert response is not None and response.status == 403
            assert "chỉ nhận góp ý gửi từ chính các trang của trang tin" in page.inner_text("body")
            page.goto(f"http://{host}:{port}/")
            with page.expect_navigation() as sent:
                page.click("text=Có")
            assert sent.value is not None and sent.value.status == 403
            page.goto(f"http://{host}:{port}/")
            outcome = page.evaluate("""async (url) => {
                const body = new FormData(document.forms[0]);
                try { await fetch(url, {method: "POST", mode: "no-cors", body}); return "sent"; }
                catch (error) { return String(error); }
            }""", setup.base + "api/gop-y")
            assert outcome == "sent"
        finally:
            context.close()
    assert access_log.read_text().count('"POST /cchc/api/gop-y HTTP/1.1" 403') == refused_before + 2
    with sqlite3.connect(setup.service.folder / "gop-y.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM questions WHERE subject = ?", (subject,)).fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM ratings WHERE comment = ?", (subject,)).fetchone() == (0,)


# --------------------------------------------------------------------------- the service stopped


def test_with_the_service_down_the_citizen_is_told_to_call_the_hotline(setup: Setup, tmp_path: Path) -> None:
    with running_nginx(setup.project.root / "site", tmp_path, feedback_socket=tmp_path / "gop-y.sock") as url:  # nothing listens
        base = f"{url}/cchc/"
        with browsing(setup.browser, base) as (context, _):
            page = context.new_page()
            page.goto(base + "gop-y/")
            fill(page, tieu_de="Khi dịch vụ dừng", noi_dung="Nội dung không được mất khi dịch vụ dừng.")
            page.wait_for_timeout(1100)
            page.click("#gop-y-form button[type=submit]")
            page.wait_for_selector(".cchc-form__status--error")
            assert HOTLINE in page.inner_text(".cchc-form__status") and "chưa được gửi" in page.inner_text(".cchc-form__status")
            assert page.input_value("[name=noi_dung]") == "Nội dung không được mất khi dịch vụ dừng."
        with browsing(setup.browser, base, java_script_enabled=False) as (context, _):
            page = context.new_page()
            page.goto(base + "gop-y/")
            fill(page, tieu_de="Khi dịch vụ dừng", noi_dung="Nội dung gửi khi dịch vụ dừng.")
            page.click("#gop-y-form button[type=submit]")
            page.wait_for_load_state()
            assert "chưa được tiếp nhận" in page.inner_text("main") and HOTLINE in page.inner_text("main")
            page.go_back()
            assert page.input_value("[name=noi_dung]") == "Nội dung gửi khi dịch vụ dừng."  # the Back button keeps it


# --------------------------------------------------------------------------- the whole way of a question


def test_a_question_is_answered_published_and_found_by_its_code(setup: Setup, scripted: tuple[BrowserContext, list[str]],
                                                                  tmp_path: Path) -> None:
    context, _ = scripted
    page = context.new_page()
    page.goto(setup.base + EXPLAINER)
    page.click(".cchc-ask a")  # from the explainer: the form knows the page the question is about
    page.wait_for_load_state()
    fill(page, tieu_de="Hỏi về lệ phí chỉnh sửa văn bằng", ho_ten="Đỗ Văn G", lien_he="0912 000 111",
         noi_dung="Xin hỏi lệ phí chỉnh sửa nội dung văn bằng là bao nhiêu? Gọi tôi ở 0912 000 111.")
    page.wait_for_timeout(1100)
    page.click("#gop-y-form button[type=submit]")
    code = page.wait_for_selector(".cchc-receipt__code").inner_text().strip()  # type: ignore[union-attr]

    skeleton = tmp_path / f"{code.lower()}.md"
    done = cchc(setup.service.folder, "gop-y", "tra-loi", code, "--output", str(skeleton))
    assert done.returncode == 0, done.stderr
    text = skeleton.read_text(encoding="utf-8")
    assert "Đỗ Văn G" not in text and "0912 000 111" not in text
    # The task, plan and field come from the explainer the question was sent from.
    assert "plan: 2022\ntask: 8\n" in text and "field: Hệ thống văn bằng, chứng chỉ\n" in text and f"page: {EXPLAINER}\n" in text
    # Staff write the answer in their clone, remove `draft`, check and push; here: into the test tree.
    text = text.replace("draft: true\n", "").replace(
        "Viết câu trả lời ở đây (thay cả đoạn này): trả lời đúng câu hỏi, dẫn văn bản, thủ tục liên quan.",
        "Thủ tục chỉnh sửa nội dung văn bằng **không thu lệ phí**.")
    setup.project.write(f"content/hoi-dap/{code.lower()}.md", text)
    check = cchc(setup.project.root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    # The service stamps questions with the real clock: build "now" (not the contract clock) so the answer is due.
    built = setup.project.build(now=f"{datetime.now(LOCAL_TZ) + timedelta(minutes=1):%Y-%m-%d %H:%M}")
    assert built.returncode == 0, built.stderr
    assert cchc(setup.service.folder, "gop-y", "da-tra-loi", code).returncode == 0

    page.goto(setup.base + f"tim-kiem/?q={quote(code.lower())}")
    assert wait_for_search(page) == "found"
    found = results(page)
    assert found[0]["href"] == f"{setup.base}hoi-dap/{code.lower()}/", found
    page.goto(str(found[0]["href"]))
    assert "không thu lệ phí" in page.inner_text("article") and code in page.inner_text("article")
    no_csp_violations(page)
