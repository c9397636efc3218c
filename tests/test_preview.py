"""The live preview (`mkdocs serve`) shows drafts and scheduled posts, marked; the build still validates them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
from conftest import FIXED_NOW, REPO, SiteProject

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
            raise AssertionError(f"mkdocs serve exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if fetch(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"mkdocs serve did not answer {url} within {timeout} s:\n{log.read_text(errors='replace')}")


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def list_item(html: str, slug: str) -> str:
    """The text of the news-list item that links to the post with this slug."""
    doc = lxml.html.fromstring(html)
    items = [li for li in doc.xpath("//li[.//time]") if any(slug in (a.get("href") or "") for a in li.iter("a"))]
    assert len(items) == 1, f"post {slug} listed {len(items)} times"
    return text_of(items[0])


def test_preview_serves_drafts_and_scheduled_posts_marked(project: SiteProject, tmp_path: Path) -> None:
    project.write_post("2022/p.md", {"title": "Tin đã đăng", "date": "2022-03-01 08:00", "task": 2, "unit": "Văn phòng"})
    project.write_post("2022/d.md", {"title": "Tin còn nháp", "date": "2022-03-05 08:00", "task": 2, "unit": "Văn phòng",
                                     "draft": True})
    project.write_post("2026/s.md", {"title": "Tin hẹn giờ", "date": "2026-01-15 08:00", "plan": 2022, "task": 2,
                                     "unit": "Văn phòng"})
    port = free_port()
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({"CCHC_NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1"})
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config), "-a", f"127.0.0.1:{port}",
             "--no-livereload"],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}{MOUNT}"
        wait_until_up(base, server, log)

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
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


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
