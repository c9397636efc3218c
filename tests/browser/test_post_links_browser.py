"""A link the writer wrote as another post's file (`../01/tong-ket-….md#ket-qua`, in the bundled 2023 post on
the staff's work) followed in headless Chromium, under /cchc/: the reader lands on that post's page, at the
heading it names (cchc.site.source_links; the resolution's rules: tests/unit/test_source_links.py)."""

from __future__ import annotations

from support.browser import browsing, chromium, serve
from support.project import BuildResult

LINKING = "tin-tuc/2023/02/nhin-lai-cong-tac-tuyen-truyen-sap-xep-to-chuc-bo-may-tinh-gian-bien-che-nam-2022/"
TARGET = "tin-tuc/2023/01/tong-ket-cong-tac-tuyen-truyen-cai-cach-hanh-chinh-nam-2022/#ket-qua"


def test_a_link_written_as_a_post_file_opens_that_posts_heading(bundled_site: BuildResult) -> None:
    with serve(bundled_site.out) as base, chromium() as browser, \
            browsing(browser, base, viewport={"width": 360, "height": 640}) as (context, traffic):
        page = context.new_page()
        page.goto(base + LINKING)
        link = page.get_by_role("link", name="hội nghị tổng kết công tác tuyên truyền cải cách hành chính")
        link.click()
        page.wait_for_url(base + TARGET)
        heading = page.locator("h2#ket-qua")
        named = heading.inner_text()
        top = heading.evaluate("element => element.getBoundingClientRect().top")
        status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == 200 and named.startswith("Kết quả")
    assert 0 <= top < 640  # scrolled to the heading, on a phone's screen
    assert traffic.foreign == []
