"""The live preview (`cchc serve`) in Chromium: errors shown in the browser until fixed, a post's warnings
on its page. Drafts and scheduled posts, the feedback form, the build validating drafts:
tests/build/test_preview.py."""

from __future__ import annotations

import time

from playwright.sync_api import sync_playwright
from support.browser import CHROMIUM, CHROMIUM_ARGS
from support.oracle import png_bytes
from support.preview import Serving
from support.project import SiteProject


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
            (post.parent / "khong-mo-ta.png").write_bytes(png_bytes())
            page.wait_for_selector("h1:has-text('Tin đã đăng')", timeout=5000)
            notice = page.locator(".cchc-notice")
            notice.wait_for(timeout=5000)
            assert "ảnh không có lời mô tả" in notice.inner_text()
            notice.locator("summary").click()
            assert not page.locator(".cchc-notice ul").is_visible()
        finally:
            browser.close()
