"""The shipped nginx server block (deploy/nginx/cchc.conf) on real nginx (the Debian package).

The repository's site is published with the real `cchc publish` into a DEST symlink; nginx is started
by the test itself (not the system service) on 127.0.0.1 with a generated nginx.conf that includes the
shipped file, its three "SỬA" values replaced (listen address and the alias to DEST). It is stopped in a
finally. Then: headers (cache, types, security), the Vietnamese 404 page, gzip, a publish switch seen
without a reload, and pages loaded in Chromium without Content-Security-Policy violations."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from playwright.sync_api import ConsoleMessage
from support.browser import COLLECT_VIOLATIONS, browsing, chromium, wait_for_search
from support.nginx import publish_staging, running_nginx, shipped_policy

from cchc.dates import LOCAL_TZ
from cchc.publish import release as core

SHORT = "public, max-age=300, must-revalidate"
LONG_IMMUTABLE = "public, max-age=31536000, immutable"
NOT_FOUND_TITLE = "Không tìm thấy trang (lỗi 404)"


# --------------------------------------------------------------------------- nginx, started by the test


@pytest.fixture(scope="module")
def dest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_staging(tmp_path_factory.mktemp("nginx-www"))


@pytest.fixture(scope="module")
def server(dest: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_nginx(dest, tmp_path_factory.mktemp("nginx")) as url:
        yield url


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.body = status, body
        self.headers = {name.lower(): value for name, value in headers}
        self.all = headers

    def text(self) -> str:
        return self.body.decode("utf-8")


def get(server: str, path: str, **headers: str) -> Response:
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers={name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return Response(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def assert_security_headers(response: Response) -> None:
    assert response.headers["content-security-policy"] == shipped_policy()
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert "geolocation=()" in response.headers["permissions-policy"]
    assert "server" not in response.headers or response.headers["server"] == "nginx"  # no version


# --------------------------------------------------------------------------- nginx: headers, 404, gzip


def test_html_pages_get_a_short_cache_and_the_security_headers(server: str) -> None:
    for path in ("/cchc/", "/cchc/tin-tuc/", "/cchc/ke-hoach/2022/nhiem-vu/2/"):
        response = get(server, path)
        assert response.status == 200, path
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["cache-control"] == SHORT
        assert "etag" in response.headers
        assert_security_headers(response)


def test_hashed_assets_are_immutable_and_the_others_short(server: str) -> None:
    home = get(server, "/cchc/").text()
    hashed = re.findall(r'(assets/(?:javascripts/bundle|stylesheets/main)\.[0-9a-f]{8}\.min\.(?:js|css))"', home)
    assert len(hashed) == 2, hashed
    for path in hashed:
        response = get(server, f"/cchc/{path}")
        assert response.status == 200 and response.headers["cache-control"] == LONG_IMMUTABLE, path
        assert_security_headers(response)
    script, style = sorted(hashed, key=lambda path: not path.endswith(".js"))
    assert get(server, f"/cchc/{script}").headers["content-type"] == "application/javascript; charset=utf-8"
    assert get(server, f"/cchc/{style}").headers["content-type"] == "text/css; charset=utf-8"
    font = get(server, "/cchc/assets/fonts/roboto-vi-400-normal.woff2")
    assert font.status == 200 and font.headers["content-type"] == "font/woff2"
    assert font.headers["cache-control"] == "public, max-age=2592000"
    for unhashed in ("/cchc/assets/stylesheets/cchc.css", "/cchc/assets/javascripts/cchc-search.js"):
        assert get(server, unhashed).headers["cache-control"] == SHORT, unhashed


def test_feeds_are_rss_and_the_sitemap_stays_xml(server: str, dest: Path) -> None:
    for path in ("/cchc/feed.xml", "/cchc/ke-hoach/2022/nhiem-vu/2/feed.xml"):
        response = get(server, path)
        assert response.status == 200
        assert response.headers["content-type"] == "application/rss+xml; charset=utf-8", path
        assert response.headers["cache-control"] == SHORT
        assert_security_headers(response)
        parsed = feedparser.parse(response.body)
        assert not parsed.bozo and parsed.version == "rss20" and parsed.entries, path
    sitemap = get(server, "/cchc/sitemap.xml")
    assert sitemap.status == 200 and sitemap.headers["content-type"] == "text/xml; charset=utf-8"
    report = get(server, "/cchc/ke-hoach/2022/bao-cao.csv")
    assert report.headers["content-type"] == "text/csv; charset=utf-8" and report.body.startswith(b"\xef\xbb\xbf")
    assert report.headers["cache-control"] == SHORT
    # The Sở's Word reports are staff's unsigned drafts: no build writes them; a draft an older release still has
    # is never served. A signed report the webmaster published (extra.cchc.report.signed) is a PDF, served.
    assert not list(dest.rglob("*.docx"))
    year = dest / "ke-hoach" / "2022"
    planted = [year / "bao-cao-nam.docx", year / "bao-cao-6-thang-dau-nam.docx", year / "bao-cao-nam.pdf"]
    try:
        for file in planted:
            file.write_bytes(b"PK\x03\x04" if file.suffix == ".docx" else b"%PDF-1.4\n%%EOF\n")
        for file in planted[:2]:
            word = get(server, f"/cchc/ke-hoach/2022/{file.name}")
            assert word.status == 404 and word.headers["content-type"] == "text/html; charset=utf-8", file.name
        signed = get(server, "/cchc/ke-hoach/2022/bao-cao-nam.pdf")
        assert signed.status == 200 and signed.headers["content-type"] == "application/pdf"
        assert_security_headers(signed)
    finally:
        for file in planted:
            file.unlink(missing_ok=True)
    shard = next(path for path in (dest / "tim-kiem" / "du-lieu").rglob("*") if path.is_file())
    index = get(server, "/cchc/" + shard.relative_to(dest).as_posix())
    assert index.status == 200 and index.headers["cache-control"] == SHORT


def test_missing_pages_get_the_vietnamese_404_page(server: str, dest: Path) -> None:
    for path in ("/cchc/khong-co-trang-nay/", "/cchc/tin-tuc/2022/13/", "/cchc/assets/"):
        response = get(server, path)
        assert response.status == 404, path
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert NOT_FOUND_TITLE in response.text() and "về trang chủ" in response.text()
        assert response.body == (dest / "404.html").read_bytes()
        assert_security_headers(response)


def test_hidden_and_backup_files_are_never_served(server: str, dest: Path) -> None:
    """Issue 12: /cchc/.git/config and /cchc/.env were served (200). Files that do exist in the served
    folder: the 404 page, with every security header (a nested add_header would have dropped them)."""
    planted = [".env", ".git/config", "index.html~", "tin-tuc/bai.md.swp", "ke-hoach/2022/bao-cao.csv.bak",
               "feed.xml.orig", ".well-known/x"]
    for name in planted:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text("bí mật", encoding="utf-8")
    try:
        for name in planted:
            response = get(server, f"/cchc/{quote(name)}")
            assert response.status == 404, name
            assert response.body == (dest / "404.html").read_bytes(), name
            assert_security_headers(response)
        assert get(server, "/cchc/feed.xml").status == 200  # the ordinary files still are
        assert get(server, "/cchc/ke-hoach/2022/bao-cao.csv").status == 200
    finally:
        for name in planted:
            (dest / name).unlink()
        for folder in (".git", ".well-known"):
            (dest / folder).rmdir()


def test_redirects_to_the_trailing_slash(server: str) -> None:
    for path, target in (("/cchc", "/cchc/"), ("/cchc/tin-tuc", "/cchc/tin-tuc/")):
        response = get(server, path)
        assert response.status == 301 and response.headers["location"] == target, path


def test_text_is_gzipped_when_the_browser_asks(server: str, dest: Path) -> None:
    home = get(server, "/cchc/").text()
    css = re.search(r'(assets/stylesheets/main\.[0-9a-f]{8}\.min\.css)"', home)
    assert css
    for path in ("", "feed.xml", "sitemap.xml", css.group(1), "ke-hoach/2022/bao-cao.csv"):
        response = get(server, f"/cchc/{path}", Accept_Encoding="gzip")
        assert response.headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in response.headers.get("vary", ""), path
        original = (dest / (path or "index.html")).read_bytes()
        assert gzip.decompress(response.body) == original, path
        assert "content-encoding" not in get(server, f"/cchc/{path}").headers


def test_a_publish_is_served_at_once_without_reloading_nginx(server: str, dest: Path) -> None:
    layout = core.Layout.of(dest)
    live = core.inspect_dest(layout).live
    assert live is not None

    def build(out: Path) -> core.BuildOutcome:
        shutil.copytree(live.site, out)
        index = out / "index.html"
        index.write_text(index.read_text(encoding="utf-8").replace("</h1>", " – bản vừa chuyển</h1>", 1), encoding="utf-8")
        return core.BuildOutcome(0, "")

    now = datetime(2026, 1, 2, 8, 0, tzinfo=LOCAL_TZ)
    journal = core.Journal(clock=lambda: now)
    assert "bản vừa chuyển" not in get(server, "/cchc/").text()
    # The served site is a staging copy (see `dest`), and so is the one built from it.
    core.publish(layout, inputs=core.Inputs("thử", {}), build=build, now=now, journal=journal, staging=True)
    assert "bản vừa chuyển" in get(server, "/cchc/").text()
    core.rollback(layout, journal=journal, now=now)
    assert "bản vừa chuyển" not in get(server, "/cchc/").text()
    assert core.inspect_dest(layout).live == live


# --------------------------------------------------------------------------- Chromium through nginx


def test_pages_load_in_chromium_without_csp_violations(server: str, dest: Path) -> None:
    post = next((dest / "tin-tuc" / "2022" / "03").glob("*/index.html")).parent.relative_to(dest).as_posix()
    pages = ["", f"{post}/", "ke-hoach/2022/", "ke-hoach/2022/nhiem-vu/2/", "ke-hoach/2022/bao-cao/",
             "thu-tuc-hanh-chinh/", f"tim-kiem/?q={quote('thủ tục hành chính')}", "khong-co-trang-nay/"]
    base = f"{server}/cchc/"
    problems: list[str] = []
    with chromium() as browser, browsing(browser, base) as (context, traffic):
        context.add_init_script(COLLECT_VIOLATIONS)
        page = context.new_page()
        current = {"url": ""}
        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                problems.append(f"{current['url']}: console: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: problems.append(f"{current['url']}: error: {error}"))
        for path in pages:
            current["url"] = path
            response = page.goto(base + path, wait_until="load")
            assert response is not None and response.status == (404 if path.startswith("khong-co") else 200), path
            if path.startswith("tim-kiem/"):
                assert wait_for_search(page) == "found"
            # Let late requests finish and late violations (workers, styles) be reported: moving on while an
            # image still loads aborts it, which counted as a failed request (the logo, on a loaded machine).
            page.wait_for_load_state("networkidle")
            # Material's inline scripts ran (they are allowed by hash).
            if not page.evaluate("typeof __md_scope === 'object' && typeof __md_get === 'function'"):
                problems.append(f"{path}: Material's inline script did not run")
            problems += [f"{path}: CSP: {text}" for text in page.evaluate("window.__cspViolations")]
        assert not traffic.foreign and not traffic.failed, (traffic.foreign, traffic.failed)
    # The 404 page is reported by Chromium as a failed resource: that one message is expected.
    problems = [problem for problem in problems
                if not (problem.startswith("khong-co-trang-nay/: console: Failed to load resource") and "404" in problem)]
    assert not problems, "\n".join(problems)
