"""Quality gates on the bundled site: valid HTML (the Nu HTML Checker), accessibility (axe-core), a real walk
in Chromium. Links, feeds and reproducible bytes: tests/build/test_quality_gates_build.py."""

from __future__ import annotations

import shutil

import pytest
from support import REPO
from support.browser import axe, browsing, chromium, serve
from support.gates import vnu
from support.project import BuildResult

ARTIFACTS = REPO / "test-artifacts"
KEY_PAGES = {
    "trang-chu": "",
    "tin-bai": "tin-tuc/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh-nam-2022/",
    "huong-dan-thu-tuc": "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/",
    "nhiem-vu": "ke-hoach/2022/nhiem-vu/8/",
    "ke-hoach": "ke-hoach/2022/",
    "bao-cao": "ke-hoach/2022/bao-cao/",
    "tim-kiem": "tim-kiem/?q=dao+tao",
    "tin-tuc": "tin-tuc/",
    "thu-tuc": "thu-tuc-hanh-chinh/",
    "gop-y": "gop-y/",
    "hoi-dap": "hoi-dap/",
    "tra-cuu": "hoi-dap/tra-cuu/?ma=K7M3QX9A",  # no service here: the page says so, with the hotline
    "bien-nhan": "bien-nhan/",
    "theo-doi": "theo-doi/",
    "don-vi": "don-vi/van-phong/",
    "chu-de": "chu-de/",
    "so-do-trang": "so-do-trang/",
    "khong-tim-thay": "404.html",
}
VIEWPORTS = {"may-tinh": {"width": 1280, "height": 800}, "dien-thoai": {"width": 360, "height": 640}}


def test_every_page_is_valid_html(bundled_site: BuildResult) -> None:
    errors, warnings = vnu([bundled_site.out])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "vnu-warnings.txt").write_text("\n".join(warnings) + "\n", encoding="utf-8")
    assert errors == []


@pytest.fixture(scope="module")
def served(bundled_site: BuildResult):
    with serve(bundled_site.out) as base, chromium() as browser:
        yield base, browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_key_pages_have_no_serious_accessibility_violations(served, viewport: str) -> None:
    base, browser = served
    found: dict[str, list[str]] = {}
    with browsing(browser, base, viewport=VIEWPORTS[viewport]) as (context, traffic):
        page = context.new_page()
        for name, url in KEY_PAGES.items():
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            assert page.get_attribute("html", "lang") == "vi"
            if violations := axe(page):
                found[name] = violations
    assert found == {}
    assert traffic.foreign == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_reader_walks_from_the_home_page_to_the_feed(served, viewport: str) -> None:
    """Home → latest post → its task → the plan → a post of another task → the feeds page → the feed."""
    base, browser = served
    shots = ARTIFACTS / "duyet-trang" / viewport
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    statuses: dict[str, int] = {}
    with browsing(browser, base, viewport=VIEWPORTS[viewport]) as (context, traffic):
        page = context.new_page()
        page.on("response", lambda response: statuses.__setitem__(response.url, response.status))

        def follow(link) -> None:
            with page.expect_navigation():
                link.click()

        def step(name: str) -> None:
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(shots / f"{len(list(shots.iterdir())) + 1:02d}-{name}.png"), full_page=True)

        page.goto(base)
        step("trang-chu")
        follow(page.locator(".cchc-post-item__title a").first)
        step("tin-moi-nhat")
        latest_task = page.locator(".cchc-task-card h3 a").first
        task_label = latest_task.inner_text()
        follow(latest_task)
        assert page.locator("h1").inner_text() == task_label
        step("nhiem-vu")
        follow(page.locator(".cchc-breadcrumb a").first)
        assert "KẾ HOẠCH" in page.locator("h1").inner_text()
        step("ke-hoach")
        other = page.locator(".cchc-appendix tbody tr").filter(has_not_text=task_label.split()[-1]).nth(4)
        follow(other.locator("td a").first)
        step("nhiem-vu-khac")
        follow(page.locator(".cchc-post-item__title a").first)
        assert page.locator(".cchc-task-card").count() >= 1
        step("tin-cua-nhiem-vu-khac")
        page.goto(base + "tin-tuc/")
        follow(page.get_by_role("link", name="Theo dõi tin mới qua RSS"))
        assert page.locator("h1").inner_text() == "Theo dõi tin mới qua RSS"  # a page that says what RSS is
        # The page gives the feed's address to copy, never a link that shows XML; the address is served.
        assert page.locator("#kenh-feed-xml").get_by_role("link", name="Mở tệp RSS").count() == 0
        address = page.input_value("#kenh-feed-xml-dia-chi")
        feed = page.request.get(base + address.removeprefix("https://example.gov.vn/cchc/"))
        assert feed.status == 200 and b"<rss" in feed.body()
    assert traffic.foreign == []
    assert [url for url, status in statuses.items() if status >= 400] == []
    assert len(list(shots.iterdir())) == 6
