"""The staff editor (`quan-tri/` of `cchc serve`) in Chromium, used as a staff member would with keyboard
and mouse: a new post with a task chosen by its name, a unit, a date, a tag and a photo from the
computer, saved into the working copy exactly as `cchc new` and the same edits would write it, accepted
by `cchc check`, and on the preview within a second; an edit of an existing post that changes its
title line and nothing else; a file changed on disk meanwhile is not overwritten; a body the checks
refuse is not written and the form says why. No request leaves the machine."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page
from support.browser import chromium
from support.preview import Serving, fetch
from support.project import SiteProject

NEW = "content/posts/2022/06/doan-kiem-tra-cai-cach-hanh-chinh-lam-viec-tai-truong-thpt-tien-lu.md"
# What `cchc new --title … --date "2022-06-20 09:30" --task 2 --unit "Văn phòng"` writes, with the tags,
# the cover image and the body the form gave (and the draft mark the form left on).
EXPECTED = """---
title: "Đoàn kiểm tra cải cách hành chính làm việc tại Trường THPT Tiên Lữ"
date: 2022-06-20 09:30            # giờ Việt Nam; ngày ở tương lai là bài hẹn giờ
task: 2                           # số thứ tự nhiệm vụ trong phụ lục kế hoạch
unit: "Văn phòng"                 # đơn vị viết bài
# summary: "Một hai câu tóm tắt cho RSS (không ghi thì lấy đoạn đầu của bài)."
tags: ["kiểm tra", "tập huấn"]    # chủ đề, ví dụ ["tập huấn", "một cửa"]
draft: true                       # bản nháp: xóa dòng này khi bài đã sẵn sàng đăng
image: anh-tap-huan.jpg
---
Sáng 20/6, đoàn kiểm tra của Sở làm việc tại trường.
"""


@pytest.fixture
def editor(browser_page: Page, serving: Serving) -> Page:
    browser_page.goto(serving.base + "quan-tri/#/collections/bai-viet")
    browser_page.wait_for_selector("text=Tin đã đăng", timeout=30_000)
    return browser_page


@pytest.fixture
def page_errors() -> list[str]:
    return []


@pytest.fixture
def browser_page(serving: Serving, page_errors: list[str]) -> Iterator[Page]:
    """A page of Chromium in Vietnam's time zone. Its requests are listened to, not intercepted: Playwright's
    interception does not answer the `blob:` reads Decap makes of an uploaded photo."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Ho_Chi_Minh", locale="vi-VN")
        page = context.new_page()
        origin = serving.base.split("/cchc/")[0] + "/"
        foreign: list[str] = []
        page.on("request", lambda request: None if request.url.startswith((origin, "blob:", "data:")) else foreign.append(request.url))
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        yield page
        context.close()
        assert foreign == [], f"requests that left the machine: {foreign}"
        assert page_errors == []


def photo(path: Path) -> Path:
    """A phone photo: JPEG, a name with capitals, spaces and Vietnamese letters, EXIF with the camera."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Hãng điện thoại"
    Image.new("RGB", (1200, 900), (30, 120, 200)).save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def save(page: Page) -> None:
    page.click("text=Công bố")
    page.click("text=Công bố ngay")


def test_a_staff_member_writes_a_new_post(editor: Page, serving: Serving, project: SiteProject, tmp_path: Path) -> None:
    page = editor
    page.click("a[href$=\"/collections/bai-viet/new\"]")  # the collection's "new" button
    page.wait_for_selector("#title-field-1")
    page.fill("#title-field-1", "Đoàn kiểm tra cải cách hành chính làm việc tại Trường THPT Tiên Lữ")
    page.fill("#date-field-2", "2022-06-20T09:30")
    page.click("#task-field-3")
    page.keyboard.type("bồi dưỡng nghiệp vụ")  # task 2, found by its name
    assert "2022 · 2. Tham gia tập huấn" in page.inner_text("[class*=menu]")
    page.keyboard.press("Enter")
    page.click("#unit-field-4")
    page.keyboard.type("Văn phòng")
    page.keyboard.press("Enter")
    for tag in ("kiểm tra", "tập huấn"):
        page.fill("#tags-field-6", tag)
        page.keyboard.press("Enter")
    page.click("text=Chọn một hình")
    page.set_input_files("input[type=file]", photo(tmp_path / "Ảnh Tập huấn.JPG"))
    page.click("text=Lấy những cái đã chọn")
    page.click("[data-slate-editor]")
    page.keyboard.type("Sáng 20/6, đoàn kiểm tra của Sở làm việc tại trường.")
    save(page)
    post = project.root / NEW
    deadline = time.monotonic() + 20
    while not post.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    written_at = time.monotonic()
    assert post.read_text(encoding="utf-8") == EXPECTED
    assert (post.parent / "anh-tap-huan.jpg").is_file()
    url = serving.base + "tin-tuc/2022/06/doan-kiem-tra-cai-cach-hanh-chinh-lam-viec-tai-truong-thpt-tien-lu/"
    while fetch(url)[0] != 200 and time.monotonic() - written_at < 5:
        time.sleep(0.05)
    assert time.monotonic() - written_at <= 1.0, "the preview did not show the new post within a second"
    check = subprocess.run([sys.executable, "-m", "cchc.cli", "check"], cwd=project.root, capture_output=True, text=True,
                           timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_edit_changes_only_what_was_edited(editor: Page, project: SiteProject) -> None:
    post = project.root / "content" / "posts" / "2022" / "p.md"
    before = post.read_text(encoding="utf-8")
    editor.click("text=Tin đã đăng")
    editor.wait_for_selector("#title-field-1")
    editor.fill("#title-field-1", "Tin đã đăng: tiêu đề mới")
    save(editor)
    deadline = time.monotonic() + 20
    while post.read_text(encoding="utf-8") == before and time.monotonic() < deadline:
        time.sleep(0.05)
    after = post.read_text(encoding="utf-8")
    changed = [(old, new) for old, new in zip(before.split("\n"), after.split("\n"), strict=True) if old != new]
    assert changed == [("title: Tin đã đăng", 'title: "Tin đã đăng: tiêu đề mới"')]


def test_a_file_changed_on_disk_is_not_overwritten(editor: Page, project: SiteProject, page_errors: list[str]) -> None:
    post = project.root / "content" / "posts" / "2022" / "p.md"
    editor.click("text=Tin đã đăng")
    editor.wait_for_selector("#title-field-1")
    changed_elsewhere = post.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Sửa bằng Notepad.")
    post.write_text(changed_elsewhere, encoding="utf-8")
    editor.fill("#title-field-1", "Sửa trong trình soạn thảo")
    save(editor)
    editor.wait_for_selector("text=đã được sửa bên ngoài trình soạn thảo", timeout=20_000)
    editor.wait_for_timeout(500)
    page_errors.clear()  # Decap leaves the refused save as an unhandled rejection; the refusal is on the page
    assert post.read_text(encoding="utf-8") == changed_elsewhere


def test_what_the_checks_refuse_is_not_written(editor: Page, project: SiteProject, page_errors: list[str]) -> None:
    post = project.root / "content" / "posts" / "2022" / "p.md"
    before = post.read_bytes()
    editor.click("text=Tin đã đăng")
    editor.wait_for_selector("#title-field-1")
    editor.click("text=Markdown")  # the raw mode: what a staff member pastes from elsewhere
    editor.click("[data-slate-editor]")
    editor.keyboard.press("Control+A")
    editor.keyboard.type("Nội dung. <script>alert(1)</script>")
    save(editor)
    editor.wait_for_selector("text=content/posts/2022/p.md:", timeout=20_000)
    editor.wait_for_timeout(500)
    page_errors.clear()  # Decap leaves the refused save as an unhandled rejection; the refusal is on the page
    assert "script" in editor.inner_text("body").lower()
    assert post.read_bytes() == before


def test_the_form_fits_a_phone(serving: Serving) -> None:
    """At 360 px the form and the save button are on the screen, with no sideways scroll (Decap alone
    makes its editor 800 px wide: assets/bien-tap.css)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.goto(serving.base + "quan-tri/#/collections/bai-viet/new")
        page.wait_for_selector("#title-field-1", timeout=30_000)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        button = page.locator("text=Công bố").first.bounding_box()
        assert button is not None and button["x"] >= 0 and button["x"] + button["width"] <= 360
        field = page.locator("#title-field-1").bounding_box()
        assert field is not None and field["x"] + field["width"] <= 360
