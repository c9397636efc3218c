"""The live preview (`cchc serve`): drafts and scheduled posts shown, marked; the feedback form answered on
its own origin; every line of its output Vietnamese. The build still validates drafts. Errors shown in the
browser until fixed: tests/browser/test_preview_browser.py."""

from __future__ import annotations

import json
import re

import lxml.html
from support.preview import MOUNT, Serving, fetch
from support.project import SiteProject


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def list_item(html: str, slug: str) -> str:
    """The text of the news-list item that links to the post with this slug."""
    doc = lxml.html.fromstring(html)
    items = [li for li in doc.xpath("//li[.//time]") if any(slug in (a.get("href") or "") for a in li.iter("a"))]
    assert len(items) == 1, f"post {slug} listed {len(items)} times"
    return text_of(items[0])


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
