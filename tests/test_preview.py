"""The live preview (`cchc serve`): drafts and scheduled posts shown, marked; errors shown in the browser
until fixed; a post's warnings on its page; every line of its output Vietnamese. The build still
validates drafts."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import sync_playwright
from support import FIXED_NOW
from support.browser import CHROMIUM, CHROMIUM_ARGS
from support.project import SiteProject

MOUNT = "/cchc/"  # serve mounts the site at site_url's path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"cchc serve exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if fetch(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"cchc serve did not answer {url} within {timeout} s:\n{log.read_text(errors='replace')}")


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def list_item(html: str, slug: str) -> str:
    """The text of the news-list item that links to the post with this slug."""
    doc = lxml.html.fromstring(html)
    items = [li for li in doc.xpath("//li[.//time]") if any(slug in (a.get("href") or "") for a in li.iter("a"))]
    assert len(items) == 1, f"post {slug} listed {len(items)} times"
    return text_of(items[0])


class Serving:
    def __init__(self, project: SiteProject, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        env.update({"CCHC_NOW": FIXED_NOW, "PYTHONIOENCODING": "utf-8"})
        with log.open("wb") as output:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "cchc.cli", "serve", "--dia-chi", f"127.0.0.1:{self.port}"],
                cwd=project.root, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{self.port}{MOUNT}"
        wait_until_up(self.base, self.server, log)

    def stop(self) -> str:
        self.server.terminate()
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(timeout=15)
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def serving(project: SiteProject, tmp_path: Path) -> Iterator[Serving]:
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    project.write_post("2022/d.md", {"title": "Tin còn nháp", "date": "2022-03-05 08:00", "task": 2, "unit": "Văn phòng",
                                     "draft": True})
    project.write_post("2026/s.md", {"title": "Tin hẹn giờ", "date": "2026-01-15 08:00", "plan": 2022, "task": 2,
                                     "unit": "Văn phòng"})
    running = Serving(project, tmp_path / "serve.log")
    try:
        yield running
    finally:
        output = running.stop()
        # Every line the preview printed is Vietnamese (MkDocs' English progress lines are not shown).
        english = [line for line in output.splitlines() if line.strip() and line.isascii()]
        assert english == [], output


def test_preview_serves_drafts_and_scheduled_posts_marked(serving: Serving) -> None:
    base = serving.base
    status, html = fetch(base + "tin-tuc/2022/03/tin-con-nhap/")
    assert status == 200
    assert "Tin còn nháp" in html and "Bản nháp" in html

    status, html = fetch(base + "tin-tuc/2026/01/tin-hen-gio/")
    assert status == 200
    assert "Tin hẹn giờ" in html and "Hẹn giờ đăng" in html

    status, html = fetch(base + "tin-tuc/2022/03/tin-da-dang/")
    assert status == 200
    assert "Bản nháp" not in html and "Hẹn giờ đăng" not in html

    status, html = fetch(base + "tin-tuc/")
    assert status == 200
    assert "Bản nháp" in list_item(html, "tin-con-nhap")
    assert "Hẹn giờ" in list_item(html, "tin-hen-gio")
    published = list_item(html, "tin-da-dang")
    assert "Bản nháp" not in published and "Hẹn giờ" not in published


def test_errors_show_in_the_browser_and_the_page_comes_back(serving: Serving, project: SiteProject) -> None:
    """Under the sub-path, in Chromium: a save that breaks the content turns the open page into the list
    of errors within a second; fixing it brings the post back by itself. A warning shows on the post."""
    post = project.root / "content" / "posts" / "2022" / "p.md"
    good = post.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(serving.base + "tin-tuc/2022/03/tin-da-dang/")
            assert page.locator("h1").first.inner_text() == "Tin đã đăng"
            post.write_text(good.replace("task: 2", "task: 15"), encoding="utf-8")
            started = time.monotonic()
            page.wait_for_selector("text=Bản xem trước có 1 lỗi", timeout=5000)
            assert time.monotonic() - started < 1.5
            assert "content/posts/2022/p.md:4: nhiệm vụ 15 không có trong kế hoạch 2022" in page.inner_text("main")
            post.write_text(good.replace("Nội dung bài viết.", "Nội dung bài viết.\n\n![](khong-mo-ta.png)"),
                            encoding="utf-8")
            (post.parent / "khong-mo-ta.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            page.wait_for_selector("h1:has-text('Tin đã đăng')", timeout=5000)
            notice = page.locator(".cchc-notice")
            notice.wait_for(timeout=5000)
            assert "ảnh không có lời mô tả" in notice.inner_text()
            notice.locator("summary").click()
            assert not page.locator(".cchc-notice ul").is_visible()
        finally:
            browser.close()


def test_draft_with_unknown_task_still_fails_the_build(project: SiteProject) -> None:
    project.write_post("2022/ok.md", {"title": "Tin hợp lệ", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    path = project.write_post("2022/nhap-sai.md", {"title": "Nháp sai nhiệm vụ", "date": "2022-03-05 08:00", "task": 99,
                                                   "unit": "Văn phòng", "draft": True})
    assert path.is_file()
    result = project.build()
    assert result.returncode != 0, "a draft pointing at task 99 was accepted"
    assert "content/posts/2022/nhap-sai.md:" in result.stderr
    assert "99" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (result.out / "index.html").exists()


def test_the_feedback_form_works_in_the_preview(serving: Serving, project: SiteProject) -> None:
    """`cchc serve` answers the feedback service's POST addresses on its own origin: staff can try the form."""
    from support.gopy import CODE, question, send_json

    origin = serving.base.removesuffix(MOUNT)
    answer = send_json(origin, f"{MOUNT}api/gop-y", question())
    assert answer.status in (200, 201), answer.body.decode("utf-8", errors="replace")
    assert re.fullmatch(CODE, json.loads(answer.body)["code"]), answer.body
    assert (project.root / "var" / "gop-y.sqlite3").is_file()
    status, _ = fetch(origin + f"{MOUNT}api/khong-co")
    assert status == 404
