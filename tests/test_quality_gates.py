"""Quality gates on the bundled site: valid HTML, accessibility, links, feeds, a real walk in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from support import REPO
from support.browser import axe, browsing, chromium, serve
from support.gates import authored_text, link_problems, vnu
from support.project import BuildResult, SiteProject

ARTIFACTS = REPO / "test-artifacts"
SITE_URL = "https://example.gov.vn/cchc/"
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


def test_every_link_and_asset_resolves_under_the_sub_path(bundled_site: BuildResult) -> None:
    problems, checked = link_problems(bundled_site.out, SITE_URL, authored_text())
    assert problems == []
    assert checked > 3000


def test_every_feed_parses_with_unique_guids_and_local_dates(bundled_site: BuildResult) -> None:
    feeds = sorted(bundled_site.out.rglob("feed.xml"))
    assert len(feeds) == 16  # the site, 14 tasks, the published answers (hoi-dap/)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        guids = [entry.id for entry in feed.entries]
        assert len(guids) == len(set(guids)), path
        for entry in feed.entries:
            assert entry.published.endswith("+0700"), entry.published
            assert entry.link.startswith(SITE_URL)
            relative = entry.link[len(SITE_URL):]
            assert (bundled_site.out / relative / "index.html").is_file(), entry.link


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
        with page.expect_response(lambda response: response.url.endswith("/feed.xml")) as feed_response:
            page.locator("#kenh-feed-xml").get_by_role("link", name="Mở tệp RSS").click()
        feed = feed_response.value
        assert feed.status == 200 and b"<rss" in feed.body()
    assert traffic.foreign == []
    assert [url for url, status in statuses.items() if status >= 400] == []
    assert len(list(shots.iterdir())) == 6


def test_same_source_date_epoch_gives_the_same_bytes(project: SiteProject, tmp_path: Path) -> None:
    shutil.copytree(REPO / "content" / "posts", project.root / "content" / "posts", dirs_exist_ok=True)
    env = {"CCHC_NOW": "", "SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, the clock of reproducible builds
    first = project.build(out=tmp_path / "a", env=env)
    second = project.build(out=tmp_path / "b", env={**env, "TZ": "America/New_York"})
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    files = sorted(p.relative_to(first.out) for p in first.out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second.out) for p in second.out.rglob("*") if p.is_file())
    assert [f for f in files if (first.out / f).read_bytes() != (second.out / f).read_bytes()] == []
